package cn.hotline.workforce.quality;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.Tenancy;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The quality-inspection facade: templates, sampling and rule assignment, scoring, re-check, appeals, moves,
 * calibration and reports. Every method runs inside the caller's tenant-bound transaction ({@link QualityTransactions});
 * state changes are guarded by the task's status in the {@code UPDATE} itself, so two inspectors racing on one task
 * cannot both win, and every step is appended to {@code qa_task_step}.
 */
@Component
public final class QualityInspection {

    private static final String TASK_COLUMNS = "id, kind, subject, agent, team, period, template_id, inspector, reason,"
            + " sample_seed, sample_rank, calibration_id, status, score, fatal, points, comment, scored_by, scored_at,"
            + " appeal_reason, appeal_note, created_at";

    private final DatabaseClient db;
    private final QualityProperties properties;
    private final JsonMapper json = JsonMapper.builder().build();

    public QualityInspection(DatabaseClient db, QualityProperties properties) {
        this.db = db;
        this.properties = properties;
    }

    // ---------------------------------------------------------------- templates

    /** Adds the next version of template {@code code} (version 1 when new). */
    public Mono<ScoreTemplate> addTemplate(String code, String name, List<TemplateItem> items, String actor) {
        return Tenancy.requireTenant()
                .flatMap(tenant -> db.sql("SELECT coalesce(max(version), 0) AS v FROM qa_template WHERE code = :c")
                        .bind("c", code)
                        .map(row -> Objects.requireNonNull(row.get("v", Integer.class)))
                        .one()
                        .flatMap(last -> {
                            ScoreTemplate template = new ScoreTemplate(Uuids.v7(), code, last + 1, name, items);
                            return db.sql("INSERT INTO qa_template (tenant_id, id, code, version, name, items,"
                                            + " created_by) VALUES (:t, :id, :c, :v, :n, :i, :by)")
                                    .bind("t", tenant.value())
                                    .bind("id", template.id())
                                    .bind("c", code)
                                    .bind("v", template.version())
                                    .bind("n", name)
                                    .bind("i", Json.of(json.writeValueAsString(template.items())))
                                    .bind("by", actor)
                                    .fetch()
                                    .rowsUpdated()
                                    .onErrorMap(
                                            DataIntegrityViolationException.class,
                                            e -> new ProblemException(
                                                    ProblemCode.CONFLICT,
                                                    "template " + code + " got a new version meanwhile; try again"))
                                    .thenReturn(template);
                        }));
    }

    public Flux<ScoreTemplate> templates() {
        return db.sql("SELECT id, code, version, name, items FROM qa_template ORDER BY code, version")
                .map(this::template)
                .all();
    }

    public Mono<ScoreTemplate> template(UUID id) {
        return db.sql("SELECT id, code, version, name, items FROM qa_template WHERE id = :id")
                .bind("id", id)
                .map(this::template)
                .one()
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.NOT_FOUND, "No score template " + id + ".", Map.of("field", "templateId"))));
    }

    private ScoreTemplate template(Readable row) {
        return new ScoreTemplate(
                Objects.requireNonNull(row.get("id", UUID.class)),
                Objects.requireNonNull(row.get("code", String.class)),
                Objects.requireNonNull(row.get("version", Integer.class)),
                Objects.requireNonNull(row.get("name", String.class)),
                json.readValue(
                        Objects.requireNonNull(row.get("items", Json.class)).asString(),
                        new TypeReference<List<TemplateItem>>() {}));
    }

    // ---------------------------------------------------------------- calls

    /** An answered call as the inspection sees it. */
    public record QaCall(
            UUID call,
            @Nullable String agent,
            @Nullable String group,
            @Nullable Instant answeredAt,
            @Nullable Instant endedAt,
            @Nullable Long durationSeconds,
            boolean complaint,
            boolean dissatisfied,
            @Nullable String recordingId,
            @Nullable String autoQa) {}

    public Flux<QaCall> calls(String period) {
        YearMonth month = month(period);
        return db.sql("SELECT call_id, agent, group_code, answered_at, ended_at, complaint, dissatisfied,"
                        + " (SELECT r.recording_id FROM qa_auto_run r WHERE r.call_id = qa_call.call_id ORDER BY"
                        + " r.received_at DESC LIMIT 1) AS recording_id, (SELECT r.status FROM qa_auto_run r WHERE"
                        + " r.call_id = qa_call.call_id ORDER BY r.received_at DESC LIMIT 1) AS auto_qa FROM qa_call"
                        + " WHERE answered_at >= :from AND answered_at < :to ORDER BY answered_at, call_id")
                .bind("from", start(month))
                .bind("to", start(month.plusMonths(1)))
                .map(QualityInspection::qaCall)
                .all();
    }

    private static QaCall qaCall(Readable row) {
        Instant answered = instant(row, "answered_at");
        Instant ended = instant(row, "ended_at");
        return new QaCall(
                Objects.requireNonNull(row.get("call_id", UUID.class)),
                row.get("agent", String.class),
                row.get("group_code", String.class),
                answered,
                ended,
                answered != null && ended != null ? ended.getEpochSecond() - answered.getEpochSecond() : null,
                Boolean.TRUE.equals(row.get("complaint", Boolean.class)),
                Boolean.TRUE.equals(row.get("dissatisfied", Boolean.class)),
                column(row, "recording_id"),
                column(row, "auto_qa"));
    }

    private static @Nullable String column(Readable row, String name) {
        return row instanceof io.r2dbc.spi.Row r && r.getMetadata().contains(name) ? r.get(name, String.class) : null;
    }

    /** Records a satisfaction survey's result (dissatisfied callers are inspected by rule). */
    public Mono<QaCall> satisfaction(UUID call, boolean dissatisfied) {
        return db.sql("UPDATE qa_call SET dissatisfied = :d WHERE call_id = :c"
                        + " RETURNING call_id, agent, group_code, answered_at, ended_at, complaint, dissatisfied")
                .bind("d", dissatisfied)
                .bind("c", call)
                .map(QualityInspection::qaCall)
                .one()
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.NOT_FOUND, "No answered call " + call + " is known to quality inspection.")));
    }

    // ---------------------------------------------------------------- sampling

    /** How one agent's month was sampled. */
    public record AgentSample(String agent, int answeredCalls, int quota, int sampled) {}

    /** The outcome of a sampling run: per agent, and the tasks added by rule. */
    public record SamplingRun(
            String period,
            String seed,
            double rate,
            List<AgentSample> agents,
            Map<String, Integer> ruleTasks,
            int created) {}

    /**
     * Samples {@code period}: the random floor per agent ({@link Sampler}), then the rules (long calls, complaints,
     * dissatisfied callers, complaint tickets); tasks go to the least-loaded of {@code inspectors}. Running it again
     * for the same month adds only what is new (a call is inspected once per reason).
     */
    public Mono<SamplingRun> sample(
            String period, UUID templateId, List<String> inspectors, String seed, String actor) {
        if (inspectors.isEmpty() || inspectors.stream().anyMatch(String::isBlank)) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "name at least one inspector", Map.of("field", "inspectors")));
        }
        Sampler sampler;
        try {
            sampler = new Sampler(seed, properties.sampleRate());
        } catch (IllegalArgumentException e) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, String.valueOf(e.getMessage()), Map.of("field", "seed")));
        }
        YearMonth month = month(period);
        return template(templateId).then(calls(period).collectList()).flatMap(calls -> {
            Map<String, List<UUID>> byAgent = new TreeMap<>();
            Map<UUID, QaCall> byCall = new HashMap<>();
            for (QaCall call : calls) {
                if (call.agent() != null) {
                    byAgent.computeIfAbsent(call.agent(), a -> new ArrayList<>())
                            .add(call.call());
                    byCall.put(call.call(), call);
                }
            }
            List<Sampler.Pick> picks = sampler.sample(month.toString(), byAgent);
            List<NewTask> tasks = new ArrayList<>();
            for (Sampler.Pick pick : picks) {
                QaCall call = Objects.requireNonNull(byCall.get(pick.call()));
                tasks.add(new NewTask(
                        "CALL", pick.call().toString(), pick.agent(), call.group(), "SAMPLE", seed, pick.rank()));
            }
            Map<String, Integer> rules = new LinkedHashMap<>();
            rules.put("LONG_CALL", 0);
            rules.put("COMPLAINT", 0);
            rules.put("DISSATISFIED", 0);
            for (QaCall call : calls) {
                if (call.agent() == null) {
                    continue;
                }
                if (call.durationSeconds() != null && call.durationSeconds() >= properties.longCallSeconds()) {
                    tasks.add(new NewTask(
                            "CALL", call.call().toString(), call.agent(), call.group(), "LONG_CALL", null, null));
                    rules.merge("LONG_CALL", 1, Integer::sum);
                }
                if (call.complaint()) {
                    tasks.add(new NewTask(
                            "CALL", call.call().toString(), call.agent(), call.group(), "COMPLAINT", null, null));
                    rules.merge("COMPLAINT", 1, Integer::sum);
                }
                if (call.dissatisfied()) {
                    tasks.add(new NewTask(
                            "CALL", call.call().toString(), call.agent(), call.group(), "DISSATISFIED", null, null));
                    rules.merge("DISSATISFIED", 1, Integer::sum);
                }
            }
            Mono<List<NewTask>> ticketTasks = db.sql("SELECT ticket_id, agent FROM qa_ticket WHERE complaint"
                            + " AND agent IS NOT NULL AND opened_at >= :from AND opened_at < :to ORDER BY ticket_id")
                    .bind("from", start(month))
                    .bind("to", start(month.plusMonths(1)))
                    .map(row -> new NewTask(
                            "TICKET",
                            Objects.requireNonNull(row.get("ticket_id", String.class)),
                            Objects.requireNonNull(row.get("agent", String.class)),
                            null,
                            "COMPLAINT",
                            null,
                            null))
                    .all()
                    .collectList();
            return ticketTasks.flatMap(tickets -> {
                rules.put("COMPLAINT_TICKET", tickets.size());
                tasks.addAll(tickets);
                return assign(month, templateId, inspectors, tasks, actor).map(created -> {
                    List<AgentSample> agents = new ArrayList<>();
                    byAgent.forEach((agent, list) -> agents.add(
                            new AgentSample(agent, list.size(), sampler.quota(list.size()), (int) picks.stream()
                                    .filter(p -> p.agent().equals(agent))
                                    .count())));
                    return new SamplingRun(month.toString(), seed, properties.sampleRate(), agents, rules, created);
                });
            });
        });
    }

    /** One agent's sample recomputed from the seed and compared with the stored SAMPLE tasks. */
    public record SampleCheck(
            String agent, int answeredCalls, int quota, List<UUID> recomputed, List<UUID> stored, boolean matches) {}

    /**
     * Recomputes {@code period}'s sample from {@code seed} and the calls known now, and compares it with the stored
     * sample tasks of that seed: the audit of a sampling run. A mismatch means the calls changed after the run (late
     * events) or the tasks were tampered with.
     */
    public Flux<SampleCheck> verifySample(String period, String seed) {
        Sampler sampler;
        try {
            sampler = new Sampler(seed, properties.sampleRate());
        } catch (IllegalArgumentException e) {
            return Flux.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, String.valueOf(e.getMessage()), Map.of("field", "seed")));
        }
        YearMonth month = month(period);
        return calls(period)
                .collectList()
                .zipWith(db.sql("SELECT agent, subject FROM qa_task WHERE period = :p AND"
                                + " reason = 'SAMPLE' AND sample_seed = :s")
                        .bind("p", month.toString())
                        .bind("s", seed)
                        .map(row -> Map.entry(
                                Objects.requireNonNull(row.get("agent", String.class)),
                                UUID.fromString(Objects.requireNonNull(row.get("subject", String.class)))))
                        .all()
                        .collectList())
                .flatMapIterable(tuple -> {
                    Map<String, List<UUID>> byAgent = new TreeMap<>();
                    tuple.getT1().stream().filter(c -> c.agent() != null).forEach(c -> byAgent.computeIfAbsent(
                                    c.agent(), a -> new ArrayList<>())
                            .add(c.call()));
                    Map<String, List<UUID>> stored = new TreeMap<>();
                    tuple.getT2().forEach(e -> stored.computeIfAbsent(e.getKey(), a -> new ArrayList<>())
                            .add(e.getValue()));
                    List<Sampler.Pick> picks = sampler.sample(month.toString(), byAgent);
                    java.util.Set<String> agents = new java.util.TreeSet<>(byAgent.keySet());
                    agents.addAll(stored.keySet());
                    List<SampleCheck> checks = new ArrayList<>();
                    for (String agent : agents) {
                        List<UUID> recomputed = picks.stream()
                                .filter(p -> p.agent().equals(agent))
                                .map(Sampler.Pick::call)
                                .sorted()
                                .toList();
                        List<UUID> kept = stored.getOrDefault(agent, List.of()).stream()
                                .sorted()
                                .toList();
                        int answered = byAgent.getOrDefault(agent, List.of()).size();
                        checks.add(new SampleCheck(
                                agent, answered, sampler.quota(answered), recomputed, kept, recomputed.equals(kept)));
                    }
                    return checks;
                });
    }

    private record NewTask(
            String kind,
            String subject,
            String agent,
            @Nullable String team,
            String reason,
            @Nullable String seed,
            @Nullable Integer rank) {}

    /** Inserts the tasks that do not exist yet, each to the inspector with the fewest open tasks; returns how many. */
    private Mono<Integer> assign(
            YearMonth month, UUID templateId, List<String> inspectors, List<NewTask> tasks, String actor) {
        return Tenancy.requireTenant().flatMap(tenant -> db.sql("SELECT inspector, count(*) AS n FROM qa_task"
                        + " WHERE status = 'ASSIGNED' GROUP BY inspector")
                .map(row -> Map.entry(
                        Objects.requireNonNull(row.get("inspector", String.class)),
                        Objects.requireNonNull(row.get("n", Long.class))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .flatMap(open -> {
                    Map<String, Long> load = new LinkedHashMap<>();
                    for (String inspector : inspectors) {
                        load.put(inspector, open.getOrDefault(inspector, 0L));
                    }
                    return Flux.fromIterable(tasks)
                            .concatMap(task -> {
                                String inspector = load.entrySet().stream()
                                        .min(Map.Entry.comparingByValue())
                                        .orElseThrow()
                                        .getKey();
                                UUID id = Uuids.v7();
                                return db.sql("INSERT INTO qa_task (tenant_id, id, kind, subject, agent, team, period,"
                                                + " template_id, inspector, reason, sample_seed, sample_rank, status)"
                                                + " VALUES (:t, :id, :k, :s, :a, :team, :p, :tpl, :i, :r, :seed, :rank,"
                                                + " 'ASSIGNED') ON CONFLICT DO NOTHING")
                                        .bind("t", tenant.value())
                                        .bind("id", id)
                                        .bind("k", task.kind())
                                        .bind("s", task.subject())
                                        .bind("a", task.agent())
                                        .bind("team", Parameter.fromOrEmpty(task.team(), String.class))
                                        .bind("p", month.toString())
                                        .bind("tpl", templateId)
                                        .bind("i", inspector)
                                        .bind("r", task.reason())
                                        .bind("seed", Parameter.fromOrEmpty(task.seed(), String.class))
                                        .bind("rank", Parameter.fromOrEmpty(task.rank(), Integer.class))
                                        .fetch()
                                        .rowsUpdated()
                                        .flatMap(n -> {
                                            if (n == 0) {
                                                return Mono.just(0);
                                            }
                                            load.merge(inspector, 1L, Long::sum);
                                            return step(tenant, id, "ASSIGNED", actor, Map.of("inspector", inspector))
                                                    .thenReturn(1);
                                        });
                            })
                            .reduce(0, Integer::sum);
                }));
    }

    // ---------------------------------------------------------------- tasks

    /** An inspection task and, when read alone, its steps. */
    public record Task(
            UUID id,
            String kind,
            String subject,
            String agent,
            @Nullable String team,
            String period,
            UUID templateId,
            String inspector,
            String reason,
            @Nullable String sampleSeed,
            @Nullable Integer sampleRank,
            @Nullable UUID calibrationId,
            String status,
            @Nullable Double score,
            boolean fatal,
            @Nullable Map<String, Object> points,
            @Nullable String comment,
            @Nullable String scoredBy,
            @Nullable Instant scoredAt,
            @Nullable String appealReason,
            @Nullable String appealNote,
            Instant createdAt,
            List<Step> steps) {}

    public record Step(int seq, String step, String actor, Map<String, Object> details, Instant at) {}

    /** Filters of the task list; null means any. */
    public record TaskFilter(
            @Nullable String period, @Nullable String inspector, @Nullable String agent, @Nullable String status) {}

    public Flux<Task> tasks(TaskFilter filter) {
        return db.sql("SELECT " + TASK_COLUMNS + " FROM qa_task WHERE (:p::text IS NULL OR period = :p)"
                        + " AND (:i::text IS NULL OR inspector = :i) AND (:a::text IS NULL OR agent = :a)"
                        + " AND (:s::text IS NULL OR status = :s) ORDER BY created_at, id LIMIT 5000")
                .bind("p", Parameter.fromOrEmpty(filter.period(), String.class))
                .bind("i", Parameter.fromOrEmpty(filter.inspector(), String.class))
                .bind("a", Parameter.fromOrEmpty(filter.agent(), String.class))
                .bind("s", Parameter.fromOrEmpty(filter.status(), String.class))
                .map(row -> task(row, List.of()))
                .all();
    }

    public Mono<Task> task(UUID id) {
        return db.sql("SELECT seq, step, actor, details, at FROM qa_task_step WHERE task_id = :id ORDER BY seq")
                .bind("id", id)
                .map(row -> new Step(
                        Objects.requireNonNull(row.get("seq", Integer.class)),
                        Objects.requireNonNull(row.get("step", String.class)),
                        Objects.requireNonNull(row.get("actor", String.class)),
                        json.readValue(
                                Objects.requireNonNull(row.get("details", Json.class))
                                        .asString(),
                                new TypeReference<Map<String, Object>>() {}),
                        Objects.requireNonNull(instant(row, "at"))))
                .all()
                .collectList()
                .flatMap(steps -> db.sql("SELECT " + TASK_COLUMNS + " FROM qa_task WHERE id = :id")
                        .bind("id", id)
                        .map(row -> task(row, steps))
                        .one())
                .switchIfEmpty(Mono.error(() -> new ProblemException(ProblemCode.NOT_FOUND, "No task " + id + ".")));
    }

    /** Scoring input: points per item, violated fatal items, a comment. */
    public record Scoring(Map<String, Integer> points, Set<String> violated, @Nullable String comment) {}

    /** The assigned inspector scores an {@code ASSIGNED} task. */
    public Mono<Task> score(UUID id, String inspector, Scoring scoring) {
        return task(id).flatMap(task -> {
            if (!task.inspector().equals(inspector)) {
                return Mono.error(new ProblemException(
                        ProblemCode.FORBIDDEN, "Only the task's inspector (" + task.inspector() + ") scores it."));
            }
            return rescore(task, "ASSIGNED", "SCORED", "SCORED", inspector, scoring, null);
        });
    }

    /** A second inspector re-checks a scored task; the new score replaces the first, which stays in the steps. */
    public Mono<Task> recheck(UUID id, String actor, Scoring scoring) {
        return task(id).flatMap(task -> {
            if (actor.equals(task.scoredBy())) {
                return Mono.error(new ProblemException(
                        ProblemCode.FORBIDDEN, "A re-check is done by someone other than the first inspector."));
            }
            return rescore(task, "SCORED", "RECHECKED", "RECHECKED", actor, scoring, null);
        });
    }

    /** The agent appeals a scored or re-checked task of their own, once. */
    public Mono<Task> appeal(UUID id, String agent, String reason) {
        return task(id).flatMap(task -> {
            if (!task.agent().equals(agent)) {
                return Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No task " + id + "."));
            }
            return Tenancy.requireTenant()
                    .flatMap(tenant -> db.sql("UPDATE qa_task SET status = 'APPEALED', appeal_reason = :r,"
                                    + " version = version + 1 WHERE id = :id AND status IN ('SCORED', 'RECHECKED')")
                            .bind("r", reason)
                            .bind("id", id)
                            .fetch()
                            .rowsUpdated()
                            .flatMap(n -> n == 0
                                    ? Mono.error(illegal(task, "appealed"))
                                    : step(tenant, id, "APPEALED", agent, Map.of("reason", reason))))
                    .then(task(id));
        });
    }

    /** Staff decide an appeal: upheld with a new score, or rejected (the score stands). */
    public Mono<Task> decide(UUID id, String actor, boolean upheld, @Nullable Scoring scoring, String note) {
        return task(id).flatMap(task -> {
            if (upheld) {
                if (scoring == null) {
                    return Mono.error(new ProblemException(
                            ProblemCode.VALIDATION_FAILED,
                            "an upheld appeal needs the new points",
                            Map.of("field", "points")));
                }
                return rescore(task, "APPEALED", "APPEAL_UPHELD", "APPEAL_UPHELD", actor, scoring, note);
            }
            return Tenancy.requireTenant()
                    .flatMap(tenant -> db.sql("UPDATE qa_task SET status = 'APPEAL_REJECTED', appeal_note = :n,"
                                    + " version = version + 1 WHERE id = :id AND status = 'APPEALED'")
                            .bind("n", note)
                            .bind("id", id)
                            .fetch()
                            .rowsUpdated()
                            .flatMap(n -> n == 0
                                    ? Mono.error(illegal(task, "decided"))
                                    : step(tenant, id, "APPEAL_REJECTED", actor, Map.of("note", note))))
                    .then(task(id));
        });
    }

    private Mono<Task> rescore(
            Task task, String from, String to, String stepName, String actor, Scoring scoring, @Nullable String note) {
        return template(task.templateId()).flatMap(template -> {
            ScoreTemplate.Score score;
            try {
                score = template.score(scoring.points(), scoring.violated());
            } catch (IllegalArgumentException e) {
                return Mono.error(new ProblemException(
                        ProblemCode.VALIDATION_FAILED, String.valueOf(e.getMessage()), Map.of("field", "points")));
            }
            Map<String, Object> points = new TreeMap<>(scoring.points());
            points.put("_violated", scoring.violated().stream().sorted().toList());
            String pointsJson = json.writeValueAsString(points);
            return Tenancy.requireTenant()
                    .flatMap(tenant -> db.sql("UPDATE qa_task SET status = :to, score = :score, fatal = :fatal,"
                                    + " points = :points, comment = :comment, scored_by = :by,"
                                    + " scored_at = clock_timestamp(), appeal_note = coalesce(:note, appeal_note),"
                                    + " version = version + 1 WHERE id = :id AND status = :from")
                            .bind("to", to)
                            .bind("score", BigDecimal.valueOf(score.total()))
                            .bind("fatal", score.fatal())
                            .bind("points", Json.of(pointsJson))
                            .bind("comment", Parameter.fromOrEmpty(scoring.comment(), String.class))
                            .bind("by", actor)
                            .bind("note", Parameter.fromOrEmpty(note, String.class))
                            .bind("id", task.id())
                            .bind("from", from)
                            .fetch()
                            .rowsUpdated()
                            .flatMap(n -> {
                                if (n == 0) {
                                    return Mono.error(illegal(task, stepName.toLowerCase(java.util.Locale.ROOT)));
                                }
                                Map<String, Object> details = new LinkedHashMap<>();
                                details.put("score", score.total());
                                details.put("fatal", score.fatal());
                                details.put("points", points);
                                if (task.score() != null) {
                                    details.put("previousScore", task.score());
                                }
                                if (note != null) {
                                    details.put("note", note);
                                }
                                return step(tenant, task.id(), stepName, actor, details);
                            }))
                    .then(task(task.id()));
        });
    }

    /** Moves not-yet-scored tasks to another inspector; returns how many moved. */
    public Mono<Integer> move(List<UUID> ids, String to, String actor) {
        return Tenancy.requireTenant().flatMap(tenant -> Flux.fromIterable(ids)
                .concatMap(id -> db.sql("WITH old AS (SELECT inspector FROM qa_task WHERE id = :id FOR UPDATE)"
                                + " UPDATE qa_task q SET inspector = :to, version = q.version + 1 FROM old"
                                + " WHERE q.id = :id AND q.status = 'ASSIGNED' AND old.inspector <> :to"
                                + " RETURNING old.inspector AS previous")
                        .bind("to", to)
                        .bind("id", id)
                        .map(row -> String.valueOf(row.get("previous", String.class)))
                        .one()
                        .flatMap(previous -> step(tenant, id, "MOVED", actor, Map.of("from", previous, "to", to))
                                .thenReturn(1))
                        .defaultIfEmpty(0))
                .reduce(0, Integer::sum));
    }

    // ---------------------------------------------------------------- calibration

    public record CalibrationScore(String inspector, String status, @Nullable Double score, boolean fatal, UUID task) {}

    /** Several inspectors' scores of one call: mean, spread (max − min), standard deviation, per-item spread. */
    public record Calibration(
            UUID id,
            UUID call,
            UUID templateId,
            List<CalibrationScore> scores,
            @Nullable Double mean,
            @Nullable Double spread,
            @Nullable Double standardDeviation,
            Map<String, Integer> itemSpread) {}

    public Mono<Calibration> calibrate(UUID call, UUID templateId, List<String> inspectors, String actor) {
        if (inspectors.size() < 2 || Set.copyOf(inspectors).size() != inspectors.size()) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED,
                    "a calibration needs at least two different inspectors",
                    Map.of("field", "inspectors")));
        }
        UUID id = Uuids.v7();
        return template(templateId)
                .then(db.sql("SELECT call_id, agent, group_code, answered_at, ended_at, complaint, dissatisfied"
                                + " FROM qa_call WHERE call_id = :c")
                        .bind("c", call)
                        .map(QualityInspection::qaCall)
                        .one()
                        .filter(c -> c.agent() != null && c.answeredAt() != null)
                        .switchIfEmpty(Mono.error(() -> new ProblemException(
                                ProblemCode.VALIDATION_FAILED,
                                "call " + call + " is no answered call known to quality inspection",
                                Map.of("field", "call")))))
                .flatMap(qaCall -> Tenancy.requireTenant().flatMap(tenant -> db.sql("INSERT INTO qa_calibration"
                                + " (tenant_id, id, call_id, template_id, created_by) VALUES (:t, :id, :c, :tpl, :by)")
                        .bind("t", tenant.value())
                        .bind("id", id)
                        .bind("c", call)
                        .bind("tpl", templateId)
                        .bind("by", actor)
                        .fetch()
                        .rowsUpdated()
                        .thenMany(Flux.fromIterable(inspectors).concatMap(inspector -> {
                            UUID task = Uuids.v7();
                            return db.sql("INSERT INTO qa_task (tenant_id, id, kind, subject, agent, team, period,"
                                            + " template_id, inspector, reason, calibration_id, status) VALUES (:t, :id,"
                                            + " 'CALL', :s, :a, :team, :p, :tpl, :i, 'CALIBRATION', :cal, 'ASSIGNED')")
                                    .bind("t", tenant.value())
                                    .bind("id", task)
                                    .bind("s", call.toString())
                                    .bind("a", Objects.requireNonNull(qaCall.agent()))
                                    .bind("team", Parameter.fromOrEmpty(qaCall.group(), String.class))
                                    .bind(
                                            "p",
                                            YearMonth.from(Objects.requireNonNull(qaCall.answeredAt())
                                                            .atZone(properties.zone()))
                                                    .toString())
                                    .bind("tpl", templateId)
                                    .bind("i", inspector)
                                    .bind("cal", id)
                                    .fetch()
                                    .rowsUpdated()
                                    .then(step(
                                            tenant,
                                            task,
                                            "ASSIGNED",
                                            actor,
                                            Map.of("inspector", inspector, "calibration", id.toString())));
                        }))
                        .then()))
                .then(calibration(id));
    }

    public Mono<Calibration> calibration(UUID id) {
        return db.sql("SELECT call_id, template_id FROM qa_calibration WHERE id = :id")
                .bind("id", id)
                .map(row -> Map.entry(
                        Objects.requireNonNull(row.get("call_id", UUID.class)),
                        Objects.requireNonNull(row.get("template_id", UUID.class))))
                .one()
                .switchIfEmpty(Mono.error(
                        () -> new ProblemException(ProblemCode.NOT_FOUND, "No calibration session " + id + ".")))
                .flatMap(session -> db.sql("SELECT " + TASK_COLUMNS + " FROM qa_task WHERE calibration_id = :id"
                                + " ORDER BY inspector")
                        .bind("id", id)
                        .map(row -> task(row, List.of()))
                        .all()
                        .collectList()
                        .map(tasks -> calibration(id, session.getKey(), session.getValue(), tasks)));
    }

    private Calibration calibration(UUID id, UUID call, UUID template, List<Task> tasks) {
        List<CalibrationScore> scores = tasks.stream()
                .map(t -> new CalibrationScore(t.inspector(), t.status(), t.score(), t.fatal(), t.id()))
                .toList();
        List<Double> values =
                tasks.stream().map(Task::score).filter(Objects::nonNull).toList();
        Double mean = null;
        Double spread = null;
        Double sd = null;
        if (!values.isEmpty()) {
            double m =
                    values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            mean = round(m);
            spread = round(values.stream()
                            .mapToDouble(Double::doubleValue)
                            .max()
                            .orElse(0)
                    - values.stream().mapToDouble(Double::doubleValue).min().orElse(0));
            sd = round(Math.sqrt(
                    values.stream().mapToDouble(v -> (v - m) * (v - m)).sum() / values.size()));
        }
        Map<String, Integer> itemSpread = new TreeMap<>();
        Map<String, int[]> minMax = new TreeMap<>();
        for (Task task : tasks) {
            if (task.points() == null) {
                continue;
            }
            task.points().forEach((item, value) -> {
                if (value instanceof Number n) {
                    minMax.merge(item, new int[] {n.intValue(), n.intValue()}, (a, b) ->
                            new int[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
                }
            });
        }
        minMax.forEach((item, mm) -> itemSpread.put(item, mm[1] - mm[0]));
        return new Calibration(id, call, template, scores, mean, spread, sd, itemSpread);
    }

    // ---------------------------------------------------------------- reports

    /** Scored tasks of a period per agent or team: count, average, lowest, fatal count, appeals. */
    public record GroupReport(
            String key, long scored, @Nullable Double average, @Nullable Double lowest, long fatal, long appealed) {}

    /** Per item of one template version: how often scored, the average share of the item's weight lost. */
    public record ItemReport(
            String item,
            String name,
            int weight,
            boolean fatal,
            long scored,
            @Nullable Double averagePoints,
            long violations) {}

    public Flux<GroupReport> byAgent(String period) {
        return report("agent", period);
    }

    public Flux<GroupReport> byTeam(String period) {
        return report("coalesce(team, '-')", period);
    }

    private Flux<GroupReport> report(String key, String period) {
        month(period);
        return db.sql("SELECT " + key + " AS k, count(*) FILTER (WHERE score IS NOT NULL) AS scored,"
                        + " avg(score) AS average, min(score) AS lowest, count(*) FILTER (WHERE fatal) AS fatal,"
                        + " count(*) FILTER (WHERE appeal_reason IS NOT NULL) AS appealed FROM qa_task"
                        + " WHERE period = :p AND calibration_id IS NULL GROUP BY 1 ORDER BY 1")
                .bind("p", period)
                .map(row -> new GroupReport(
                        Objects.requireNonNull(row.get("k", String.class)),
                        Objects.requireNonNull(row.get("scored", Long.class)),
                        decimal(row, "average"),
                        decimal(row, "lowest"),
                        Objects.requireNonNull(row.get("fatal", Long.class)),
                        Objects.requireNonNull(row.get("appealed", Long.class))))
                .all();
    }

    public Flux<ItemReport> byItem(String period, UUID templateId) {
        month(period);
        return template(templateId).flatMapMany(template -> db.sql("SELECT points FROM qa_task WHERE period = :p"
                        + " AND template_id = :tpl AND points IS NOT NULL AND calibration_id IS NULL")
                .bind("p", period)
                .bind("tpl", templateId)
                .map(row -> json.readValue(
                        Objects.requireNonNull(row.get("points", Json.class)).asString(),
                        new TypeReference<Map<String, Object>>() {}))
                .all()
                .collectList()
                .flatMapIterable(all -> template.items().stream()
                        .map(item -> {
                            List<Integer> given = all.stream()
                                    .map(p -> p.get(item.code()))
                                    .filter(Number.class::isInstance)
                                    .map(n -> ((Number) n).intValue())
                                    .toList();
                            long violations = all.stream()
                                    .filter(p -> p.get("_violated") instanceof List<?> l && l.contains(item.code()))
                                    .count();
                            return new ItemReport(
                                    item.code(),
                                    item.name(),
                                    item.weight(),
                                    item.fatal(),
                                    given.size(),
                                    given.isEmpty()
                                            ? null
                                            : round(given.stream()
                                                    .mapToInt(Integer::intValue)
                                                    .average()
                                                    .orElse(0)),
                                    violations);
                        })
                        .sorted(Comparator.comparing(ItemReport::item))
                        .toList()));
    }

    // ---------------------------------------------------------------- helpers

    YearMonth month(String period) {
        try {
            return YearMonth.parse(period);
        } catch (RuntimeException e) {
            throw new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "period must be a month like 2026-11", Map.of("field", "period"));
        }
    }

    private OffsetDateTime start(YearMonth month) {
        ZoneId zone = properties.zone();
        return month.atDay(1).atStartOfDay(zone).toOffsetDateTime();
    }

    private Mono<Void> step(TenantId tenant, UUID task, String step, String actor, Map<String, Object> details) {
        return db.sql("INSERT INTO qa_task_step (tenant_id, task_id, seq, step, actor, details) VALUES (:t, :task,"
                        + " (SELECT coalesce(max(seq), 0) + 1 FROM qa_task_step WHERE task_id = :task), :s, :a, :d)")
                .bind("t", tenant.value())
                .bind("task", task)
                .bind("s", step)
                .bind("a", actor)
                .bind("d", Json.of(json.writeValueAsString(details)))
                .fetch()
                .rowsUpdated()
                .then();
    }

    private static ProblemException illegal(Task task, String what) {
        return new ProblemException(
                ProblemCode.ILLEGAL_TRANSITION,
                "Task " + task.id() + " is " + task.status() + " and cannot be " + what + " now.",
                Map.of("status", task.status()));
    }

    private Task task(Readable row, List<Step> steps) {
        Json points = row.get("points", Json.class);
        return new Task(
                Objects.requireNonNull(row.get("id", UUID.class)),
                Objects.requireNonNull(row.get("kind", String.class)),
                Objects.requireNonNull(row.get("subject", String.class)),
                Objects.requireNonNull(row.get("agent", String.class)),
                row.get("team", String.class),
                Objects.requireNonNull(row.get("period", String.class)),
                Objects.requireNonNull(row.get("template_id", UUID.class)),
                Objects.requireNonNull(row.get("inspector", String.class)),
                Objects.requireNonNull(row.get("reason", String.class)),
                row.get("sample_seed", String.class),
                row.get("sample_rank", Integer.class),
                row.get("calibration_id", UUID.class),
                Objects.requireNonNull(row.get("status", String.class)),
                decimal(row, "score"),
                Boolean.TRUE.equals(row.get("fatal", Boolean.class)),
                points == null ? null : json.readValue(points.asString(), new TypeReference<Map<String, Object>>() {}),
                row.get("comment", String.class),
                row.get("scored_by", String.class),
                instant(row, "scored_at"),
                row.get("appeal_reason", String.class),
                row.get("appeal_note", String.class),
                Objects.requireNonNull(instant(row, "created_at")),
                steps);
    }

    private static @Nullable Double decimal(Readable row, String column) {
        BigDecimal value = row.get(column, BigDecimal.class);
        return value == null ? null : round(value.doubleValue());
    }

    static @Nullable Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}

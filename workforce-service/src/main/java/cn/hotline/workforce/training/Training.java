package cn.hotline.workforce.training;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.media.storage.ObjectStorage;
import io.r2dbc.spi.Readable;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Training and exams of one tenant. Every use case runs in one tenant-bound transaction ({@link #tx}); the time of an
 * exam is the server's: an answer after the deadline is refused and the exam submitted, and {@link TrainingJobs}
 * submits the exams nobody touched after their deadline.
 */
@Component
public final class Training {

    private final DatabaseClient db;
    private final TransactionalOperator operator;
    private final ObjectStorage storage;
    private final TrainingProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    Training(
            DatabaseClient db,
            TransactionalOperator operator,
            ObjectStorage storage,
            TrainingProperties properties,
            JsonMapper json,
            ObjectProvider<Clock> clock) {
        this.db = db;
        this.operator = operator;
        this.storage = storage;
        this.properties = properties;
        this.json = json;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    <T> Mono<T> tx(TenantId tenant, Mono<T> work) {
        return Tenancy.runAs(TenantContext.of(tenant), operator.transactional(work));
    }

    <T> Flux<T> tx(TenantId tenant, Flux<T> work) {
        return Tenancy.runAs(TenantContext.of(tenant), operator.transactional(work));
    }

    static ProblemException invalid(String why, String field) {
        return new ProblemException(ProblemCode.VALIDATION_FAILED, why, Map.of("field", field));
    }

    static ProblemException notFound(String what) {
        return new ProblemException(ProblemCode.NOT_FOUND, "No " + what + ".");
    }

    private Mono<Void> enrol(TenantId tenant) {
        return db.sql("INSERT INTO messaging_tenant (tenant_slug) VALUES (:t) ON CONFLICT DO NOTHING")
                .bind("t", tenant.value())
                .fetch()
                .rowsUpdated()
                .then();
    }

    // ---- courses and materials

    public record Material(UUID id, String name, String contentType, long size, Instant uploadedAt) {}

    public record Course(
            UUID id, String title, String description, String category, Instant createdAt, List<Material> materials) {}

    Mono<Course> addCourse(Caller by, String title, String description, String category) {
        if (title.isBlank() || title.strip().length() > 100) {
            return Mono.error(invalid("title has 1-100 characters", "title"));
        }
        if (category.isBlank() || category.strip().length() > 32) {
            return Mono.error(invalid("category has 1-32 characters", "category"));
        }
        UUID id = Uuids.v7();
        return enrol(by.tenant())
                .then(db.sql("INSERT INTO training_course (tenant_id, id, title, description, category, created_by,"
                                + " created_at) VALUES (:t, :id, :ti, :d, :c, :by, :at)")
                        .bind("t", by.tenant().value())
                        .bind("id", id)
                        .bind("ti", title.strip())
                        .bind("d", description)
                        .bind("c", category.strip())
                        .bind("by", by.subject())
                        .bind("at", clock.instant())
                        .fetch()
                        .rowsUpdated())
                .then(Mono.defer(() -> course(id)));
    }

    Flux<Course> courses() {
        return db.sql("SELECT id FROM training_course ORDER BY created_at DESC")
                .map((Readable row) -> Objects.requireNonNull(row.get("id", UUID.class)))
                .all()
                .concatMap(this::course);
    }

    Mono<Course> course(UUID id) {
        Mono<List<Material>> materials = db.sql(
                        "SELECT id, name, content_type, size, uploaded_at FROM training_material"
                                + " WHERE course = :c ORDER BY uploaded_at")
                .bind("c", id)
                .map((Readable row) -> new Material(
                        Objects.requireNonNull(row.get("id", UUID.class)),
                        Objects.requireNonNull(row.get("name", String.class)),
                        Objects.requireNonNull(row.get("content_type", String.class)),
                        Objects.requireNonNull(row.get("size", Long.class)),
                        Objects.requireNonNull(row.get("uploaded_at", Instant.class))))
                .all()
                .collectList();
        return db.sql("SELECT id, title, description, category, created_at FROM training_course WHERE id = :id")
                .bind("id", id)
                .map((Readable row) -> row)
                .one()
                .map(row -> new Object[] {
                    row.get("title", String.class),
                    row.get("description", String.class),
                    row.get("category", String.class),
                    row.get("created_at", Instant.class)
                })
                .switchIfEmpty(Mono.error(() -> notFound("course " + id)))
                .zipWith(
                        materials,
                        (r, m) -> new Course(
                                id,
                                (String) Objects.requireNonNull(r[0]),
                                (String) Objects.requireNonNull(r[1]),
                                (String) Objects.requireNonNull(r[2]),
                                (Instant) Objects.requireNonNull(r[3]),
                                m));
    }

    /** Stores the file in the S3 store first, then its row; a failed upload leaves no row. */
    Mono<Material> addMaterial(Caller by, UUID course, String name, String contentType, byte[] content) {
        if (name.isBlank() || name.length() > 200) {
            return Mono.error(invalid("the file needs a name of 1-200 characters", "file"));
        }
        if (content.length == 0 || content.length > properties.maxMaterialSize()) {
            return Mono.error(invalid("the file has 1 byte to " + properties.maxMaterialSize() + " bytes", "file"));
        }
        UUID id = Uuids.v7();
        String key = by.tenant().value() + "/" + course + "/" + id;
        Instant now = clock.instant();
        return course(course)
                .then(storage.ensureBucket(properties.bucket()))
                .then(storage.put(properties.bucket(), key, content, contentType))
                .then(db.sql(
                                "INSERT INTO training_material (tenant_id, id, course, name, content_type, size,"
                                        + " object_key, uploaded_by, uploaded_at) VALUES (:t, :id, :c, :n, :ct, :s, :k, :by, :at)")
                        .bind("t", by.tenant().value())
                        .bind("id", id)
                        .bind("c", course)
                        .bind("n", name)
                        .bind("ct", contentType)
                        .bind("s", (long) content.length)
                        .bind("k", key)
                        .bind("by", by.subject())
                        .bind("at", now)
                        .fetch()
                        .rowsUpdated())
                .thenReturn(new Material(id, name, contentType, content.length, now));
    }

    /** A presigned download link of a material, valid for {@code link-validity}. */
    Mono<URI> link(UUID material) {
        return db.sql("SELECT object_key FROM training_material WHERE id = :id")
                .bind("id", material)
                .map((Readable row) -> Objects.requireNonNull(row.get("object_key", String.class)))
                .one()
                .switchIfEmpty(Mono.error(() -> notFound("material " + material)))
                .flatMap(key -> storage.presignedGet(properties.bucket(), key, properties.linkValidity()));
    }

    // ---- question bank

    Mono<Question> addQuestion(Caller by, Question q) {
        return enrol(by.tenant())
                .then(db.sql("INSERT INTO training_question (tenant_id, id, kind, category, difficulty, stem, options,"
                                + " answer, points, active, created_at) VALUES (:t, :id, :k, :c, :d, :s, :o, :a, :p, true,"
                                + " :at)")
                        .bind("t", by.tenant().value())
                        .bind("id", q.id())
                        .bind("k", q.kind().name())
                        .bind("c", q.category())
                        .bind("d", q.difficulty())
                        .bind("s", q.stem())
                        .bind("o", q.options().toArray(String[]::new))
                        .bind("a", q.answer().toArray(String[]::new))
                        .bind("p", q.points())
                        .bind("at", clock.instant())
                        .fetch()
                        .rowsUpdated())
                .thenReturn(q);
    }

    Flux<Question> questions(@Nullable String kind, @Nullable String category) {
        return db.sql("SELECT * FROM training_question WHERE active AND (:k::text IS NULL OR kind = :k)"
                        + " AND (:c::text IS NULL OR category = :c) ORDER BY created_at, id")
                .bind("k", Parameter.fromOrEmpty(kind, String.class))
                .bind("c", Parameter.fromOrEmpty(category, String.class))
                .map(Training::question)
                .all();
    }

    static Question question(Readable row) {
        return new Question(
                Objects.requireNonNull(row.get("id", UUID.class)),
                Question.Kind.valueOf(Objects.requireNonNull(row.get("kind", String.class))),
                Objects.requireNonNull(row.get("category", String.class)),
                Objects.requireNonNull(row.get("difficulty", Integer.class)),
                Objects.requireNonNull(row.get("stem", String.class)),
                Arrays.asList(Objects.requireNonNull(row.get("options", String[].class))),
                Arrays.asList(Objects.requireNonNull(row.get("answer", String[].class))),
                Objects.requireNonNull(row.get("points", Integer.class)),
                Boolean.TRUE.equals(row.get("active", Boolean.class)));
    }

    // ---- papers

    public record Paper(
            UUID id,
            String title,
            int durationSeconds,
            long seed,
            int totalPoints,
            List<PaperRules.Rule> rules,
            List<Question> questions) {}

    Mono<Paper> createPaper(
            Caller by, String title, int durationSeconds, @Nullable Long seed, List<PaperRules.Rule> rules) {
        if (title.isBlank() || title.strip().length() > 100) {
            return Mono.error(invalid("title has 1-100 characters", "title"));
        }
        if (durationSeconds < 1 || durationSeconds > 86_400) {
            return Mono.error(invalid("durationSeconds is 1-86400", "durationSeconds"));
        }
        long s = seed == null ? ThreadLocalRandom.current().nextLong() : seed;
        UUID id = Uuids.v7();
        return questions(null, null).collectList().flatMap(bank -> {
            List<Question> picked;
            try {
                picked = PaperRules.assemble(rules, bank, s);
            } catch (IllegalArgumentException e) {
                return Mono.error(invalid(String.valueOf(e.getMessage()), "rules"));
            }
            int total = picked.stream().mapToInt(Question::points).sum();
            return db.sql("INSERT INTO training_paper (tenant_id, id, title, duration_seconds, rules, seed, questions,"
                            + " total_points, created_by, created_at) VALUES (:t, :id, :ti, :d, :r::jsonb, :s, :q, :tp,"
                            + " :by, :at)")
                    .bind("t", by.tenant().value())
                    .bind("id", id)
                    .bind("ti", title.strip())
                    .bind("d", durationSeconds)
                    .bind("r", json.writeValueAsString(rules))
                    .bind("s", s)
                    .bind("q", picked.stream().map(Question::id).toArray(UUID[]::new))
                    .bind("tp", total)
                    .bind("by", by.subject())
                    .bind("at", clock.instant())
                    .fetch()
                    .rowsUpdated()
                    .thenReturn(new Paper(id, title.strip(), durationSeconds, s, total, rules, picked));
        });
    }

    private record PaperRow(
            UUID id,
            String title,
            int durationSeconds,
            long seed,
            int totalPoints,
            String rules,
            List<UUID> questions) {}

    private Mono<PaperRow> paperRow(UUID id) {
        return db.sql("SELECT id, title, duration_seconds, seed, total_points, rules::text AS rules, questions"
                        + " FROM training_paper WHERE id = :id")
                .bind("id", id)
                .map((Readable row) -> new PaperRow(
                        id,
                        Objects.requireNonNull(row.get("title", String.class)),
                        Objects.requireNonNull(row.get("duration_seconds", Integer.class)),
                        Objects.requireNonNull(row.get("seed", Long.class)),
                        Objects.requireNonNull(row.get("total_points", Integer.class)),
                        Objects.requireNonNull(row.get("rules", String.class)),
                        Arrays.asList(Objects.requireNonNull(row.get("questions", UUID[].class)))))
                .one()
                .switchIfEmpty(Mono.error(() -> notFound("paper " + id)));
    }

    private Mono<List<Question>> questionsOf(List<UUID> ids) {
        return db.sql("SELECT * FROM training_question WHERE id = ANY(:ids)")
                .bind("ids", ids.toArray(UUID[]::new))
                .map(Training::question)
                .all()
                .collectMap(Question::id)
                .map(byId ->
                        ids.stream().map(byId::get).filter(Objects::nonNull).toList());
    }

    Mono<Paper> paper(UUID id) {
        return paperRow(id).flatMap(p -> questionsOf(p.questions())
                .map(qs -> new Paper(
                        p.id(),
                        p.title(),
                        p.durationSeconds(),
                        p.seed(),
                        p.totalPoints(),
                        Arrays.asList(json.readValue(p.rules(), PaperRules.Rule[].class)),
                        qs)));
    }

    // ---- exams

    /**
     * One question of an exam as the taker sees it: the reference answer and the points given only once the exam is
     * submitted (or to a manager).
     */
    public record Item(
            UUID question,
            Question.Kind kind,
            String stem,
            List<String> options,
            int points,
            List<String> given,
            @Nullable List<String> reference,
            @Nullable Integer autoPoints,
            @Nullable Integer manualPoints,
            @Nullable String comment) {}

    public record Exam(
            UUID id,
            UUID paper,
            String title,
            String user,
            @Nullable String userName,
            String status,
            Instant startedAt,
            Instant deadline,
            @Nullable Instant submittedAt,
            boolean autoSubmitted,
            @Nullable Integer objectiveScore,
            @Nullable Integer manualScore,
            @Nullable Integer totalScore,
            int totalPoints,
            List<Item> items) {}

    private record ExamRow(
            UUID id,
            UUID paper,
            String user,
            @Nullable String userName,
            String status,
            Instant startedAt,
            Instant deadline,
            @Nullable Instant submittedAt,
            boolean autoSubmitted,
            @Nullable Integer objective,
            @Nullable Integer manual,
            @Nullable Integer total) {}

    private static ExamRow examRow(Readable row) {
        return new ExamRow(
                Objects.requireNonNull(row.get("id", UUID.class)),
                Objects.requireNonNull(row.get("paper", UUID.class)),
                Objects.requireNonNull(row.get("user_id", String.class)),
                row.get("user_name", String.class),
                Objects.requireNonNull(row.get("status", String.class)),
                Objects.requireNonNull(row.get("started_at", Instant.class)),
                Objects.requireNonNull(row.get("deadline", Instant.class)),
                row.get("submitted_at", Instant.class),
                Boolean.TRUE.equals(row.get("auto_submitted", Boolean.class)),
                row.get("objective_score", Integer.class),
                row.get("manual_score", Integer.class),
                row.get("total_score", Integer.class));
    }

    private Mono<ExamRow> examRow(UUID id, boolean lock) {
        return db.sql("SELECT * FROM training_exam WHERE id = :id" + (lock ? " FOR UPDATE" : ""))
                .bind("id", id)
                .map(Training::examRow)
                .one()
                .switchIfEmpty(Mono.error(() -> notFound("exam " + id)));
    }

    private record Answer(
            List<String> given, @Nullable Integer auto, @Nullable Integer manual, @Nullable String comment) {}

    private Mono<Map<UUID, Answer>> answers(UUID exam) {
        return db.sql(
                        "SELECT question, answer, auto_points, manual_points, comment FROM training_answer WHERE exam = :e")
                .bind("e", exam)
                .map((Readable row) -> Map.entry(
                        Objects.requireNonNull(row.get("question", UUID.class)),
                        new Answer(
                                Arrays.asList(Objects.requireNonNull(row.get("answer", String[].class))),
                                row.get("auto_points", Integer.class),
                                row.get("manual_points", Integer.class),
                                row.get("comment", String.class))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** The exam as {@code viewer} may see it: its taker, or a manager. */
    Mono<Exam> exam(Caller viewer, UUID id, boolean manager) {
        return examRow(id, false)
                .filter(e -> manager || e.user().equals(viewer.subject()))
                .switchIfEmpty(Mono.error(() -> notFound("exam " + id)))
                .flatMap(e -> view(e, manager));
    }

    private Mono<Exam> view(ExamRow e, boolean manager) {
        return paperRow(e.paper())
                .flatMap(
                        p -> questionsOf(p.questions()).zipWith(answers(e.id())).map(t -> {
                            boolean reveal = manager || !e.status().equals("IN_PROGRESS");
                            List<Item> items = new ArrayList<>();
                            for (Question q : t.getT1()) {
                                Answer a = t.getT2().get(q.id());
                                items.add(new Item(
                                        q.id(),
                                        q.kind(),
                                        q.stem(),
                                        q.options(),
                                        q.points(),
                                        a == null ? List.of() : a.given(),
                                        reveal ? q.answer() : null,
                                        a == null ? null : a.auto(),
                                        a == null ? null : a.manual(),
                                        a == null ? null : a.comment()));
                            }
                            return new Exam(
                                    e.id(),
                                    e.paper(),
                                    p.title(),
                                    e.user(),
                                    e.userName(),
                                    e.status(),
                                    e.startedAt(),
                                    e.deadline(),
                                    e.submittedAt(),
                                    e.autoSubmitted(),
                                    e.objective(),
                                    e.manual(),
                                    e.total(),
                                    p.totalPoints(),
                                    items);
                        }));
    }

    /** Starts the caller's exam on a paper (one per user and paper: starting again returns the same exam). */
    Mono<Exam> start(Caller me, UUID paper) {
        Instant now = clock.instant();
        return paperRow(paper)
                .flatMap(p -> db.sql("INSERT INTO training_exam (tenant_id, id, paper, user_id, user_name, status,"
                                + " started_at, deadline) VALUES (:t, :id, :p, :u, :n, 'IN_PROGRESS', :now, :dl)"
                                + " ON CONFLICT (paper, user_id) DO NOTHING")
                        .bind("t", me.tenant().value())
                        .bind("id", Uuids.v7())
                        .bind("p", paper)
                        .bind("u", me.subject())
                        .bind("n", Parameter.fromOrEmpty(me.name(), String.class))
                        .bind("now", now)
                        .bind("dl", now.plus(Duration.ofSeconds(p.durationSeconds())))
                        .fetch()
                        .rowsUpdated())
                .then(db.sql("SELECT * FROM training_exam WHERE paper = :p AND user_id = :u")
                        .bind("p", paper)
                        .bind("u", me.subject())
                        .map(Training::examRow)
                        .one())
                .flatMap(e -> view(e, false));
    }

    /** Records an answer; after the deadline the exam is submitted instead and the answer refused. */
    Mono<Exam> answer(Caller me, UUID exam, UUID question, List<String> given) {
        if (given.size() > 8 || given.stream().anyMatch(g -> g.length() > 5000)) {
            return Mono.error(invalid("an answer has at most 8 parts of up to 5000 characters", "answer"));
        }
        Instant now = clock.instant();
        return examRow(exam, true)
                .filter(e -> e.user().equals(me.subject()))
                .switchIfEmpty(Mono.error(() -> notFound("exam " + exam)))
                .flatMap(e -> {
                    if (!e.status().equals("IN_PROGRESS")) {
                        return Mono.error(new ProblemException(
                                ProblemCode.ILLEGAL_TRANSITION, "This exam is submitted already; answers are closed."));
                    }
                    if (!now.isBefore(e.deadline())) {
                        return Mono.error(new TimeUp(e.id()));
                    }
                    return paperRow(e.paper()).flatMap(p -> {
                        if (!p.questions().contains(question)) {
                            return Mono.error(invalid("question " + question + " is not on this paper", "question"));
                        }
                        return db.sql("INSERT INTO training_answer (tenant_id, exam, question, answer, answered_at)"
                                        + " VALUES (:t, :e, :q, :a, :now) ON CONFLICT (exam, question)"
                                        + " DO UPDATE SET answer = :a, answered_at = :now")
                                .bind("t", me.tenant().value())
                                .bind("e", exam)
                                .bind("q", question)
                                .bind("a", given.stream().map(String::strip).toArray(String[]::new))
                                .bind("now", now)
                                .fetch()
                                .rowsUpdated()
                                .then(Mono.defer(() -> examRow(exam, false)))
                                .flatMap(row -> view(row, false));
                    });
                });
    }

    /** The deadline passed while answering: the controller submits the exam, then refuses the answer. */
    static final class TimeUp extends RuntimeException {
        final UUID exam;

        TimeUp(UUID exam) {
            super("time is up", null, false, false);
            this.exam = exam;
        }
    }

    /** Submits the caller's exam (before the deadline) . */
    Mono<Exam> submitOwn(Caller me, UUID exam) {
        return examRow(exam, true)
                .filter(e -> e.user().equals(me.subject()))
                .switchIfEmpty(Mono.error(() -> notFound("exam " + exam)))
                .flatMap(e -> e.status().equals("IN_PROGRESS")
                        ? submit(e, false)
                        : Mono.error(new ProblemException(
                                ProblemCode.ILLEGAL_TRANSITION, "This exam is submitted already.")))
                .then(Mono.defer(() -> examRow(exam, false)))
                .flatMap(e -> view(e, false));
    }

    /** Submits an exam whose time is up (idempotent: a submitted exam stays as it is). */
    Mono<Boolean> submitTimedOut(UUID exam) {
        Instant now = clock.instant();
        return examRow(exam, true)
                .flatMap(e -> e.status().equals("IN_PROGRESS") && !now.isBefore(e.deadline())
                        ? submit(e, true).thenReturn(true)
                        : Mono.just(false));
    }

    /** Scores the objective questions; the exam is SCORED at once when it has no short answer, SUBMITTED otherwise. */
    private Mono<Void> submit(ExamRow e, boolean auto) {
        return paperRow(e.paper())
                .flatMap(p -> questionsOf(p.questions()).zipWith(answers(e.id())))
                .flatMap(t -> {
                    int objective = 0;
                    boolean manualNeeded = false;
                    List<Mono<Long>> updates = new ArrayList<>();
                    for (Question q : t.getT1()) {
                        Answer a = t.getT2().get(q.id());
                        OptionalInt points = q.score(a == null ? List.of() : a.given());
                        if (points.isPresent()) {
                            objective += points.getAsInt();
                            if (a != null) {
                                updates.add(db.sql("UPDATE training_answer SET auto_points = :p WHERE exam = :e"
                                                + " AND question = :q")
                                        .bind("p", points.getAsInt())
                                        .bind("e", e.id())
                                        .bind("q", q.id())
                                        .fetch()
                                        .rowsUpdated());
                            }
                        } else {
                            manualNeeded = true;
                        }
                    }
                    int score = objective;
                    boolean scored = !manualNeeded;
                    return Flux.concat(updates)
                            .then(db.sql(
                                            "UPDATE training_exam SET status = :s, submitted_at = :now, auto_submitted = :a,"
                                                    + " objective_score = :o, total_score = :tot WHERE id = :id")
                                    .bind("s", scored ? "SCORED" : "SUBMITTED")
                                    .bind("now", clock.instant())
                                    .bind("a", auto)
                                    .bind("o", score)
                                    .bind("tot", Parameter.fromOrEmpty(scored ? score : null, Integer.class))
                                    .bind("id", e.id())
                                    .fetch()
                                    .rowsUpdated())
                            .then();
                });
    }

    /** A manager scores one short answer; the exam is SCORED when every short answer has points. */
    Mono<Exam> score(Caller manager, UUID exam, UUID question, int points, @Nullable String comment) {
        if (comment != null && comment.length() > 2000) {
            return Mono.error(invalid("comment has at most 2000 characters", "comment"));
        }
        return examRow(exam, true)
                .flatMap(e -> {
                    if (e.status().equals("IN_PROGRESS")) {
                        return Mono.error(new ProblemException(
                                ProblemCode.ILLEGAL_TRANSITION,
                                "The exam is still running; score it after it is submitted."));
                    }
                    return paperRow(e.paper())
                            .flatMap(p -> questionsOf(p.questions()))
                            .flatMap(qs -> {
                                Question q = qs.stream()
                                        .filter(x -> x.id().equals(question))
                                        .findFirst()
                                        .orElse(null);
                                if (q == null) {
                                    return Mono.error(
                                            invalid("question " + question + " is not on this paper", "question"));
                                }
                                if (q.kind() != Question.Kind.SHORT) {
                                    return Mono.error(
                                            invalid("objective questions are scored automatically", "question"));
                                }
                                if (points < 0 || points > q.points()) {
                                    return Mono.error(invalid("points is 0-" + q.points(), "points"));
                                }
                                return db.sql(
                                                "INSERT INTO training_answer (tenant_id, exam, question, answer, answered_at,"
                                                        + " manual_points, comment, scored_by) VALUES (:t, :e, :q, '{}', :now, :p, :c, :by)"
                                                        + " ON CONFLICT (exam, question) DO UPDATE SET manual_points = :p, comment = :c,"
                                                        + " scored_by = :by")
                                        .bind("t", manager.tenant().value())
                                        .bind("e", exam)
                                        .bind("q", question)
                                        .bind("now", clock.instant())
                                        .bind("p", points)
                                        .bind("c", Parameter.fromOrEmpty(comment, String.class))
                                        .bind("by", manager.subject())
                                        .fetch()
                                        .rowsUpdated()
                                        .then(Mono.defer(() -> answers(exam)))
                                        .flatMap(answers -> {
                                            boolean complete = true;
                                            int manual = 0;
                                            for (Question x : qs) {
                                                if (x.kind() == Question.Kind.SHORT) {
                                                    Answer a = answers.get(x.id());
                                                    if (a == null || a.manual() == null) {
                                                        complete = false;
                                                    } else {
                                                        manual += a.manual();
                                                    }
                                                }
                                            }
                                            int objective = e.objective() == null ? 0 : e.objective();
                                            return db.sql(
                                                            "UPDATE training_exam SET manual_score = :m, status = :s, total_score = :t"
                                                                    + " WHERE id = :id")
                                                    .bind("m", manual)
                                                    .bind("s", complete ? "SCORED" : "SUBMITTED")
                                                    .bind(
                                                            "t",
                                                            Parameter.fromOrEmpty(
                                                                    complete ? objective + manual : null,
                                                                    Integer.class))
                                                    .bind("id", exam)
                                                    .fetch()
                                                    .rowsUpdated();
                                        });
                            });
                })
                .then(Mono.defer(() -> examRow(exam, false)))
                .flatMap(e -> view(e, true));
    }

    /** Every exam on a paper, without items, best first. */
    Flux<Exam> results(UUID paper) {
        return paperRow(paper).flatMapMany(p -> db.sql("SELECT * FROM training_exam WHERE paper = :p"
                        + " ORDER BY total_score DESC NULLS LAST, started_at")
                .bind("p", paper)
                .map(Training::examRow)
                .all()
                .map(e -> new Exam(
                        e.id(),
                        e.paper(),
                        p.title(),
                        e.user(),
                        e.userName(),
                        e.status(),
                        e.startedAt(),
                        e.deadline(),
                        e.submittedAt(),
                        e.autoSubmitted(),
                        e.objective(),
                        e.manual(),
                        e.total(),
                        p.totalPoints(),
                        List.of())));
    }

    /** Running exams past their deadline (for the time-out job, inside the tenant's transaction). */
    Flux<UUID> overdue() {
        return db.sql("SELECT id FROM training_exam WHERE status = 'IN_PROGRESS' AND deadline <= :now")
                .bind("now", clock.instant())
                .map((Readable row) -> Objects.requireNonNull(row.get("id", UUID.class)))
                .all();
    }
}

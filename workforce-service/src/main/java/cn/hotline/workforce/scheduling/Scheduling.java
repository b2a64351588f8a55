package cn.hotline.workforce.scheduling;

import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.Tenancy;
import io.r2dbc.spi.Readable;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The scheduling facade. Every method runs inside the caller's tenant-bound transaction
 * ({@link SchedulingTransactions}).
 */
@Component
public final class Scheduling {

    /** Agent states that count as at work for adherence (call-cloud's ACD states). */
    public static final Set<String> WORKING = Set.of("READY", "OFFERED", "TALKING", "ON_HOLD", "AFTER_CALL_WORK");

    private final DatabaseClient db;
    private final SchedulingProperties properties;

    public Scheduling(DatabaseClient db, SchedulingProperties properties) {
        this.db = db;
        this.properties = properties;
    }

    ZoneId zone() {
        return properties.zone();
    }

    // ---------------------------------------------------------------- shift types and roster

    public Mono<ShiftType> putShiftType(ShiftType type) {
        return Tenancy.requireTenant()
                .flatMap(tenant -> db.sql("INSERT INTO wfm_shift_type (tenant_id, code, name, starts, ends) VALUES (:t,"
                                + " :c, :n, :s, :e) ON CONFLICT (tenant_id, code) DO UPDATE SET name = excluded.name,"
                                + " starts = excluded.starts, ends = excluded.ends")
                        .bind("t", tenant.value())
                        .bind("c", type.code())
                        .bind("n", type.name())
                        .bind("s", type.starts())
                        .bind("e", type.ends())
                        .fetch()
                        .rowsUpdated())
                .thenReturn(type);
    }

    public Flux<ShiftType> shiftTypes() {
        return db.sql("SELECT code, name, starts, ends FROM wfm_shift_type ORDER BY starts, code")
                .map(row -> new ShiftType(
                        Objects.requireNonNull(row.get("code", String.class)),
                        Objects.requireNonNull(row.get("name", String.class)),
                        Objects.requireNonNull(row.get("starts", LocalTime.class)),
                        Objects.requireNonNull(row.get("ends", LocalTime.class))))
                .all();
    }

    /** Sets shifts; an entry with shift {@code OFF} clears the day. Unknown shift codes fail the whole request. */
    public Mono<Integer> putRoster(List<Roster.Entry> entries) {
        return shiftTypes().collectList().map(Roster::index).flatMap(types -> {
            for (Roster.Entry e : entries) {
                if (!e.shift().equalsIgnoreCase("OFF") && !types.containsKey(e.shift())) {
                    return Mono.error(new ProblemException(
                            ProblemCode.VALIDATION_FAILED,
                            "shift '" + e.shift() + "' (" + e.agent() + ", " + e.day()
                                    + ") is no shift type of this tenant",
                            Map.of("field", "shift")));
                }
            }
            return Tenancy.requireTenant().flatMap(tenant -> Flux.fromIterable(entries)
                    .concatMap(e -> e.shift().equalsIgnoreCase("OFF")
                            ? db.sql("DELETE FROM wfm_roster WHERE agent = :a AND day = :d")
                                    .bind("a", e.agent())
                                    .bind("d", e.day())
                                    .fetch()
                                    .rowsUpdated()
                            : db.sql("INSERT INTO wfm_roster (tenant_id, agent, day, shift_code) VALUES (:t, :a,"
                                            + " :d, :s) ON CONFLICT (tenant_id, agent, day) DO UPDATE SET"
                                            + " shift_code = excluded.shift_code, updated_at = clock_timestamp()")
                                    .bind("t", tenant.value())
                                    .bind("a", e.agent())
                                    .bind("d", e.day())
                                    .bind("s", e.shift())
                                    .fetch()
                                    .rowsUpdated())
                    .count()
                    .map(Long::intValue));
        });
    }

    /** The roster of {@code from}..{@code to} (inclusive), optionally of one agent. */
    public Mono<Roster> roster(LocalDate from, LocalDate to, @Nullable String agent) {
        return shiftTypes().collectList().map(Roster::index).flatMap(types -> db.sql("SELECT agent, day, shift_code"
                        + " FROM wfm_roster WHERE day BETWEEN :f AND :t AND (:a::text IS NULL OR agent = :a)"
                        + " ORDER BY day, agent")
                .bind("f", from)
                .bind("t", to)
                .bind("a", Parameter.fromOrEmpty(agent, String.class))
                .map(row -> new Roster.Entry(
                        Objects.requireNonNull(row.get("agent", String.class)),
                        Objects.requireNonNull(row.get("day", LocalDate.class)),
                        Objects.requireNonNull(row.get("shift_code", String.class))))
                .all()
                .collectList()
                .map(entries -> new Roster(types, entries)));
    }

    /** One shift as the views show it. */
    public record Shift(String agent, LocalDate day, String shift, LocalDateTime starts, LocalDateTime ends) {}

    public record DayView(LocalDate day, List<Shift> shifts, Map<String, List<String>> halfHours, int[] staffing) {}

    public Mono<DayView> day(LocalDate day) {
        return roster(day.minusDays(1), day, null)
                .map(roster -> new DayView(
                        day,
                        roster.entries().stream()
                                .filter(e -> e.day().equals(day))
                                .map(e -> shift(roster, e))
                                .toList(),
                        roster.agentsPerSlot(day),
                        roster.staffing(day)));
    }

    public Mono<List<Shift>> agent(String agent, LocalDate from, LocalDate to) {
        return roster(from, to, agent)
                .map(roster ->
                        roster.entries().stream().map(e -> shift(roster, e)).toList());
    }

    private static Shift shift(Roster roster, Roster.Entry e) {
        ShiftType type = roster.type(e);
        return new Shift(e.agent(), e.day(), e.shift(), type.start(e.day()), type.end(e.day()));
    }

    // ---------------------------------------------------------------- rules and requests

    public record Rules(int minStaff, int minRestHours) {
        public Rules {
            if (minStaff < 0 || minStaff > 10_000 || minRestHours < 0 || minRestHours > 48) {
                throw new IllegalArgumentException("minStaff must be 0-10000 and minRestHours 0-48");
            }
        }
    }

    public Mono<Rules> rules() {
        return db.sql("SELECT min_staff, min_rest_minutes FROM wfm_rules")
                .map(row -> new Rules(
                        Objects.requireNonNull(row.get("min_staff", Integer.class)),
                        Objects.requireNonNull(row.get("min_rest_minutes", Integer.class)) / 60))
                .one()
                .defaultIfEmpty(new Rules(properties.defaultMinStaff(), properties.defaultMinRestHours()));
    }

    public Mono<Rules> putRules(Rules rules) {
        return Tenancy.requireTenant()
                .flatMap(tenant -> db.sql("INSERT INTO wfm_rules (tenant_id, min_staff, min_rest_minutes, zone) VALUES"
                                + " (:t, :s, :r, :z) ON CONFLICT (tenant_id) DO UPDATE SET min_staff = excluded.min_staff,"
                                + " min_rest_minutes = excluded.min_rest_minutes")
                        .bind("t", tenant.value())
                        .bind("s", rules.minStaff())
                        .bind("r", rules.minRestHours() * 60)
                        .bind("z", properties.zone().getId())
                        .fetch()
                        .rowsUpdated())
                .thenReturn(rules);
    }

    public record Request(
            UUID id,
            String kind,
            String agent,
            @Nullable String otherAgent,
            LocalDate day,
            @Nullable String reason,
            String status,
            @Nullable String decidedBy,
            @Nullable String note) {}

    public Mono<Request> request(
            String kind, String agent, @Nullable String otherAgent, LocalDate day, @Nullable String reason) {
        UUID id = Uuids.v7();
        return roster(day, day, agent)
                .flatMap(roster -> {
                    if (roster.entries().isEmpty()) {
                        return Mono.error(new ProblemException(
                                ProblemCode.VALIDATION_FAILED,
                                agent + " has no shift on " + day + " to " + (kind.equals("LEAVE") ? "leave" : "swap"),
                                Map.of("field", "day")));
                    }
                    return Tenancy.requireTenant();
                })
                .flatMap(tenant -> db.sql(
                                "INSERT INTO wfm_request (tenant_id, id, kind, agent, other_agent, day, reason,"
                                        + " status) VALUES (:t, :id, :k, :a, :o, :d, :r, 'PENDING')")
                        .bind("t", tenant.value())
                        .bind("id", id)
                        .bind("k", kind)
                        .bind("a", agent)
                        .bind("o", Parameter.fromOrEmpty(otherAgent, String.class))
                        .bind("d", day)
                        .bind("r", Parameter.fromOrEmpty(reason, String.class))
                        .fetch()
                        .rowsUpdated())
                .then(findRequest(id));
    }

    public Flux<Request> requests(@Nullable String status) {
        return db.sql("SELECT id, kind, agent, other_agent, day, reason, status, decided_by, note FROM wfm_request"
                        + " WHERE (:s::text IS NULL OR status = :s) ORDER BY created_at")
                .bind("s", Parameter.fromOrEmpty(status, String.class))
                .map(Scheduling::request)
                .all();
    }

    public Mono<Request> findRequest(UUID id) {
        return db.sql("SELECT id, kind, agent, other_agent, day, reason, status, decided_by, note FROM wfm_request"
                        + " WHERE id = :id")
                .bind("id", id)
                .map(Scheduling::request)
                .one()
                .switchIfEmpty(Mono.error(() -> new ProblemException(ProblemCode.NOT_FOUND, "No request " + id + ".")));
    }

    /**
     * Approves a pending request if the roster after it keeps the tenant's rules; refused with 409 {@code CONFLICT},
     * property {@code rule} and the {@code violations}, and nothing changes. A leave clears the agent's day; a swap
     * exchanges the two agents' shifts of the day (one of them may be off).
     */
    public Mono<Request> approve(UUID id, String actor) {
        return findRequest(id).flatMap(request -> {
            if (!request.status().equals("PENDING")) {
                return Mono.error(new ProblemException(
                        ProblemCode.ILLEGAL_TRANSITION,
                        "Request " + id + " is " + request.status() + " already.",
                        Map.of("status", request.status())));
            }
            LocalDate day = request.day();
            return Mono.zip(roster(day.minusDays(1), day.plusDays(1), null), rules())
                    .flatMap(tuple -> {
                        Roster before = tuple.getT1();
                        Rules rules = tuple.getT2();
                        List<Roster.Entry> removed = new ArrayList<>();
                        List<Roster.Entry> added = new ArrayList<>();
                        Roster.Entry mine = onDay(before, request.agent(), day);
                        if (mine == null) {
                            return Mono.error(new ProblemException(
                                    ProblemCode.CONFLICT,
                                    request.agent() + " has no shift on " + day + " any more.",
                                    Map.of("rule", "roster-changed")));
                        }
                        removed.add(mine);
                        List<String> agents = new ArrayList<>(List.of(request.agent()));
                        if (request.kind().equals("SWAP")) {
                            String other = Objects.requireNonNull(request.otherAgent());
                            agents.add(other);
                            Roster.Entry theirs = onDay(before, other, day);
                            added.add(new Roster.Entry(other, day, mine.shift()));
                            if (theirs != null) {
                                removed.add(theirs);
                                added.add(new Roster.Entry(request.agent(), day, theirs.shift()));
                            }
                        }
                        Roster after = before.with(removed, added);
                        List<Roster.Violation> violations = before.check(
                                after,
                                List.of(day, day.plusDays(1)),
                                agents,
                                rules.minStaff(),
                                Duration.ofHours(rules.minRestHours()));
                        if (!violations.isEmpty()) {
                            return Mono.error(new ProblemException(
                                    ProblemCode.CONFLICT,
                                    "Approving would break the roster rules: "
                                            + violations.getFirst().detail() + ".",
                                    Map.of(
                                            "rule", violations.getFirst().rule(),
                                            "violations",
                                                    violations.stream()
                                                            .map(v -> v.rule() + ": " + v.detail())
                                                            .toList())));
                        }
                        List<Roster.Entry> changes = new ArrayList<>(added);
                        for (Roster.Entry r : removed) {
                            if (added.stream()
                                    .noneMatch(a -> a.agent().equals(r.agent())
                                            && a.day().equals(r.day()))) {
                                changes.add(new Roster.Entry(r.agent(), r.day(), "OFF"));
                            }
                        }
                        return putRoster(changes).then(decide(request, "APPROVED", actor, null));
                    });
        });
    }

    public Mono<Request> reject(UUID id, String actor, String note) {
        return findRequest(id)
                .flatMap(request -> request.status().equals("PENDING")
                        ? decide(request, "REJECTED", actor, note)
                        : Mono.error(new ProblemException(
                                ProblemCode.ILLEGAL_TRANSITION,
                                "Request " + id + " is " + request.status() + " already.",
                                Map.of("status", request.status()))));
    }

    private Mono<Request> decide(Request request, String status, String actor, @Nullable String note) {
        return db.sql("UPDATE wfm_request SET status = :s, decided_by = :by, decided_at = clock_timestamp(), note = :n"
                        + " WHERE id = :id AND status = 'PENDING'")
                .bind("s", status)
                .bind("by", actor)
                .bind("n", Parameter.fromOrEmpty(note, String.class))
                .bind("id", request.id())
                .fetch()
                .rowsUpdated()
                .flatMap(n -> n == 0
                        ? Mono.error(new ProblemException(
                                ProblemCode.ILLEGAL_TRANSITION, "Request " + request.id() + " was decided meanwhile."))
                        : findRequest(request.id()));
    }

    private static Roster.@Nullable Entry onDay(Roster roster, String agent, LocalDate day) {
        return roster.entries().stream()
                .filter(e -> e.agent().equals(agent) && e.day().equals(day))
                .findFirst()
                .orElse(null);
    }

    private static Request request(Readable row) {
        return new Request(
                Objects.requireNonNull(row.get("id", UUID.class)),
                Objects.requireNonNull(row.get("kind", String.class)),
                Objects.requireNonNull(row.get("agent", String.class)),
                row.get("other_agent", String.class),
                Objects.requireNonNull(row.get("day", LocalDate.class)),
                row.get("reason", String.class),
                Objects.requireNonNull(row.get("status", String.class)),
                row.get("decided_by", String.class),
                row.get("note", String.class));
    }

    // ---------------------------------------------------------------- adherence

    /**
     * One agent's adherence on one shift: minutes scheduled, minutes in a working state within the shift
     * ({@link #WORKING}), minutes not ready and logged out within it, and the share in adherence.
     */
    public record Adherence(
            String agent,
            String shift,
            LocalDateTime starts,
            LocalDateTime ends,
            long scheduledMinutes,
            long workingMinutes,
            long notReadyMinutes,
            long loggedOutMinutes,
            double adherence) {}

    public Flux<Adherence> adherence(LocalDate day) {
        ZoneId zone = properties.zone();
        return day(day).flatMapMany(view -> Flux.fromIterable(view.shifts()).concatMap(shift -> {
            Instant start = shift.starts().atZone(zone).toInstant();
            Instant end = shift.ends().atZone(zone).toInstant();
            return db.sql(
                            "(SELECT at, state FROM wfm_agent_state WHERE agent = :a AND at <= :s ORDER BY at DESC, seq DESC"
                                    + " LIMIT 1) UNION ALL (SELECT at, state FROM wfm_agent_state WHERE agent = :a AND at > :s"
                                    + " AND at < :e) ORDER BY at")
                    .bind("a", shift.agent())
                    .bind("s", start.atOffset(java.time.ZoneOffset.UTC))
                    .bind("e", end.atOffset(java.time.ZoneOffset.UTC))
                    .map(row -> Map.entry(
                            Objects.requireNonNull(row.get("at", OffsetDateTime.class))
                                    .toInstant(),
                            Objects.requireNonNull(row.get("state", String.class))))
                    .all()
                    .collectList()
                    .map(changes -> adherence(shift, start, end, changes));
        }));
    }

    static Adherence adherence(Shift shift, Instant start, Instant end, List<Map.Entry<Instant, String>> changes) {
        long working = 0;
        long notReady = 0;
        long loggedOut = 0;
        String state = "LOGGED_OUT";
        Instant cursor = start;
        List<Map.Entry<Instant, String>> timeline = new ArrayList<>(changes);
        for (int i = 0; i <= timeline.size(); i++) {
            Instant next = i < timeline.size() ? timeline.get(i).getKey() : end;
            if (next.isBefore(start)) {
                state = timeline.get(i).getValue();
                continue;
            }
            if (next.isAfter(end)) {
                next = end;
            }
            long seconds = Math.max(0, Duration.between(cursor, next).toSeconds());
            if (WORKING.contains(state)) {
                working += seconds;
            } else if (state.equals("NOT_READY")) {
                notReady += seconds;
            } else {
                loggedOut += seconds;
            }
            cursor = next;
            if (i < timeline.size()) {
                state = timeline.get(i).getValue();
            }
        }
        long scheduled = Duration.between(start, end).toSeconds();
        return new Adherence(
                shift.agent(),
                shift.shift(),
                shift.starts(),
                shift.ends(),
                scheduled / 60,
                working / 60,
                notReady / 60,
                loggedOut / 60,
                scheduled == 0 ? 0 : Math.round(1000.0 * working / scheduled) / 1000.0);
    }

    // ---------------------------------------------------------------- forecast

    /** One half hour of the forecast. */
    public record Slot(
            String at,
            double expectedCalls,
            double ahtSeconds,
            double erlangs,
            int requiredAgents,
            int rosteredAgents,
            int shortfall,
            @Nullable Double serviceLevelAsRostered) {}

    /**
     * What the forecast staffs for: {@code serviceLevel} of calls answered within {@code targetSeconds}, and, when
     * {@code answerRate} is given, that share of callers answered before {@code patienceSeconds} (接通率: Erlang C has no
     * abandonment, so a caller is counted as lost when the wait would exceed the patience — a conservative reading).
     * Each half hour needs the larger of the two.
     */
    public record Targets(double serviceLevel, int targetSeconds, @Nullable Double answerRate, int patienceSeconds) {
        public Targets {
            if (!(serviceLevel > 0 && serviceLevel < 1) || targetSeconds < 1 || targetSeconds > 600) {
                throw new IllegalArgumentException("serviceLevel must be in (0, 1) and targetSeconds 1-600");
            }
            if (answerRate != null && !(answerRate > 0 && answerRate < 1)) {
                throw new IllegalArgumentException("answerRate must be in (0, 1)");
            }
            if (patienceSeconds < 1 || patienceSeconds > 3600) {
                throw new IllegalArgumentException("patienceSeconds must be 1-3600");
            }
        }

        int agentsFor(double erlangs, double aht) {
            int forLevel = ErlangC.agentsFor(erlangs, aht, targetSeconds, serviceLevel);
            return answerRate == null
                    ? forLevel
                    : Math.max(forLevel, ErlangC.agentsFor(erlangs, aht, patienceSeconds, answerRate));
        }
    }

    public record Forecast(
            LocalDate day, int weeks, Targets targets, List<Slot> halfHours, int shortHalfHours, int peakShortfall) {}

    /**
     * The staffing forecast for {@code day}: per half hour, the calls offered on the same weekday in the {@code weeks}
     * weeks before (their average), their average handle time (answered → ended; the default where none was
     * answered), the agents Erlang C needs to meet the {@link Targets}, and the roster's shortfall against it.
     */
    public Mono<Forecast> forecast(LocalDate day, int weeks, Targets targets) {
        int seconds = targets.targetSeconds();
        ZoneId zone = properties.zone();
        DayOfWeek weekday = day.getDayOfWeek();
        OffsetDateTime from = day.minusWeeks(weeks).atStartOfDay(zone).toOffsetDateTime();
        OffsetDateTime to = day.atStartOfDay(zone).toOffsetDateTime();
        return db.sql(
                        "SELECT arrived_at, answered_at, ended_at FROM wfm_call WHERE arrived_at >= :f AND arrived_at < :t")
                .bind("f", from)
                .bind("t", to)
                .map(row -> new Object[] {
                    row.get("arrived_at", OffsetDateTime.class),
                    row.get("answered_at", OffsetDateTime.class),
                    row.get("ended_at", OffsetDateTime.class)
                })
                .all()
                .collectList()
                .zipWith(day(day))
                .map(tuple -> {
                    long[] calls = new long[48];
                    double[] handle = new double[48];
                    long[] handled = new long[48];
                    for (Object[] c : tuple.getT1()) {
                        LocalDateTime arrived = ((OffsetDateTime) Objects.requireNonNull(c[0]))
                                .atZoneSameInstant(zone)
                                .toLocalDateTime();
                        if (arrived.getDayOfWeek() != weekday) {
                            continue;
                        }
                        int slot = arrived.getHour() * 2 + arrived.getMinute() / 30;
                        calls[slot]++;
                        if (c[1] != null && c[2] != null) {
                            handle[slot] += Duration.between((OffsetDateTime) c[1], (OffsetDateTime) c[2])
                                    .toSeconds();
                            handled[slot]++;
                        }
                    }
                    int[] rostered = tuple.getT2().staffing();
                    List<Slot> slots = new ArrayList<>();
                    int short0 = 0;
                    int peak = 0;
                    for (int slot = 0; slot < 48; slot++) {
                        double expected = (double) calls[slot] / weeks;
                        double aht = handled[slot] == 0 ? properties.defaultAhtSeconds() : handle[slot] / handled[slot];
                        double erlangs = expected * aht / 1800;
                        int required = targets.agentsFor(erlangs, aht);
                        int shortfall = Math.max(0, required - rostered[slot]);
                        if (shortfall > 0) {
                            short0++;
                            peak = Math.max(peak, shortfall);
                        }
                        slots.add(new Slot(
                                Roster.slotName(slot),
                                round(expected),
                                round(aht),
                                round(erlangs),
                                required,
                                rostered[slot],
                                shortfall,
                                expected == 0
                                        ? null
                                        : round(ErlangC.serviceLevel(erlangs, rostered[slot], aht, seconds))));
                    }
                    return new Forecast(day, weeks, targets, slots, short0, peak);
                });
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}

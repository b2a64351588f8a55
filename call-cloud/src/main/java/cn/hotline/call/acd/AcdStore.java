package cn.hotline.call.acd;

import cn.hotline.call.acd.domain.Acd;
import cn.hotline.call.acd.domain.AcdEvent;
import cn.hotline.call.acd.domain.AcdSettings;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentSkill;
import cn.hotline.call.acd.domain.AgentState;
import cn.hotline.call.acd.domain.CallSnapshot;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.kernel.tenancy.r2dbc.TenantGuardConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Persists a tenant's ACD under a fencing token and reads it back for recovery. Each {@link #write} is one
 * transaction that first raises the tenant's fence to the writer's token and batch number; when the fence already
 * holds a higher token, or the batch is not the writer's next, the transaction changes nothing and fails with {@link
 * StaleWriter}.
 */
final class AcdStore {

    /** The fence holds a newer token: another instance has taken over this tenant's ACD. */
    static final class StaleWriter extends RuntimeException {
        StaleWriter(TenantId tenant, long token) {
            super("ACD writer of tenant " + tenant + " with fencing token " + token + " has been superseded");
        }
    }

    /** What one batch of decisions changed: rows to upsert or delete, and the decision history. */
    record Changes(
            List<Acd.AgentSnapshot> agents, List<CallSnapshot> calls, List<CallId> endedCalls, List<AcdEvent> events) {}

    /** What a new writer starts from; {@code settings} empty when the tenant has none of its own. */
    record Loaded(List<Acd.AgentSnapshot> agents, List<CallSnapshot> calls, java.util.Optional<AcdSettings> settings) {}

    // One statement per batch, whatever its size, in its own transaction: acd_write (migration V100) binds the
    // tenant, raises the fence if this is the writer's next batch, and writes every row (passed as parallel text
    // arrays) — one round trip per group commit, so the writer can keep several batches in flight on one connection.
    private static final String WRITE =
            "SELECT acd_write($1::text, $2::bigint, $3::text, $4::bigint, $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $23::text[], $24::text[], $25::text[], $26::text[], $27::text[])";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final ConnectionFactory writerConnections;

    AcdStore(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
        this.writerConnections = unguarded(db.getConnectionFactory());
    }

    /**
     * The factory below the tenant guard: the writer's connection runs only {@code acd_write}, which binds the tenant
     * for its own transaction, so it needs no guarded transaction (and saves its begin, binding and commit round trips).
     */
    private static ConnectionFactory unguarded(ConnectionFactory factory) {
        return factory instanceof TenantGuardConnectionFactory guarded ? guarded.unwrap() : factory;
    }

    /** A connection for a writer's pipelined {@link #write}s; the writer closes it when none is in flight. */
    Mono<Connection> connect() {
        return Mono.from(writerConnections.create());
    }

    /**
     * Writes batch number {@code seq} of the writer holding {@code lease}, in its own transaction, on {@code
     * connection}. Fails with {@link StaleWriter} — nothing of it kept — unless the fence holds an older token or
     * this writer's batch {@code seq - 1}: so batches sent one after another on one connection (pipelined) are
     * applied in order, and none after a refused or failed one.
     */
    Mono<Void> write(Connection connection, AcdLease.Held lease, long seq, Changes changes) {
        Statement statement = connection
                .createStatement(WRITE)
                .bind(0, lease.tenant().value())
                .bind(1, lease.token())
                .bind(2, lease.holder())
                .bind(3, seq);
        bindFrom(statement, 4, agentColumns(changes.agents()));
        bindFrom(statement, 12, callColumns(changes.calls()));
        statement.bind(21, changes.endedCalls().stream().map(CallId::toString).toArray(String[]::new));
        bindFrom(statement, 22, decisionColumns(changes.events()));
        return Flux.from(statement.execute())
                .concatMap(result -> result.map((row, meta) -> Boolean.TRUE.equals(row.get(0, Boolean.class))))
                .reduce(Boolean.FALSE, (a, b) -> a || b)
                .flatMap(applied ->
                        applied ? Mono.<Void>empty() : Mono.error(new StaleWriter(lease.tenant(), lease.token())));
    }

    /** The tenant's own settings, if it has saved any. */
    Mono<java.util.Optional<AcdSettings>> settings(TenantId tenant) {
        return Tenancy.runAs(TenantContext.of(tenant), tx.transactional(settingsRow()));
    }

    /** Runs {@code work} in a transaction (of the tenant bound by the caller). */
    <T> Mono<T> transactional(Mono<T> work) {
        return tx.transactional(work);
    }

    private Mono<java.util.Optional<AcdSettings>> settingsRow() {
        return db.sql("SELECT ring_timeout_ms, after_call_work_ms, max_queue_length, overflow FROM acd_settings")
                .map(row -> AcdSettingsCodec.settings(
                        java.util.Objects.requireNonNull(row.get("ring_timeout_ms", Long.class)),
                        java.util.Objects.requireNonNull(row.get("after_call_work_ms", Long.class)),
                        java.util.Objects.requireNonNull(row.get("max_queue_length", Integer.class)),
                        java.util.Objects.requireNonNull(row.get("overflow", String.class))))
                .one()
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty());
    }

    /** Saves the tenant's own settings (in the caller's tenant transaction). */
    Mono<Void> saveSettings(TenantId tenant, AcdSettings settings, String by) {
        return db.sql("INSERT INTO acd_settings (tenant_id, ring_timeout_ms, after_call_work_ms, max_queue_length,"
                        + " overflow, updated_by, updated_at) VALUES (:t, :ring, :wrap, :max, :overflow, :by, now())"
                        + " ON CONFLICT (tenant_id) DO UPDATE SET ring_timeout_ms = EXCLUDED.ring_timeout_ms,"
                        + " after_call_work_ms = EXCLUDED.after_call_work_ms, max_queue_length ="
                        + " EXCLUDED.max_queue_length, overflow = EXCLUDED.overflow, updated_by = EXCLUDED.updated_by,"
                        + " updated_at = EXCLUDED.updated_at")
                .bind("t", tenant.value())
                .bind("ring", settings.ringTimeout().toMillis())
                .bind("wrap", settings.afterCallWork().toMillis())
                .bind("max", settings.maxQueueLength())
                .bind("overflow", AcdSettingsCodec.overflow(settings))
                .bind("by", by)
                .fetch()
                .rowsUpdated()
                .then();
    }

    Mono<Loaded> load(TenantId tenant) {
        Mono<List<Acd.AgentSnapshot>> agents = db.sql(
                        "SELECT agent_id, skills, state, reason, call_id, until_at, state_since, idle_since FROM acd_agent")
                .map(AcdStore::agent)
                .all()
                .collectList();
        Mono<List<CallSnapshot>> calls = db.sql(
                        "SELECT call_id, skill_group, priority, queued_at, groups, next_overflow, status, agent_id,"
                                + " kept FROM acd_call")
                .map(AcdStore::call)
                .all()
                .collectList();
        Mono<java.util.Optional<AcdSettings>> settings = settingsRow();
        Mono<Loaded> work =
                Mono.zip(agents, calls, settings).map(all -> new Loaded(all.getT1(), all.getT2(), all.getT3()));
        return Tenancy.runAs(TenantContext.of(tenant), tx.transactional(work));
    }

    private static String[][] agentColumns(List<Acd.AgentSnapshot> rows) {
        int n = rows.size();
        String[][] columns = new String[8][n];
        for (int i = 0; i < n; i++) {
            Acd.AgentSnapshot agent = rows.get(i);
            AgentState state = agent.state();
            CallId call =
                    switch (state) {
                        case AgentState.Offered o -> o.call();
                        case AgentState.Talking t -> t.call();
                        case AgentState.OnHold h -> h.call();
                        case AgentState.AfterCallWork a -> a.call();
                        default -> null;
                    };
            Instant until =
                    switch (state) {
                        case AgentState.Offered o -> o.ringDeadline();
                        case AgentState.AfterCallWork a -> a.until();
                        default -> null;
                    };
            columns[0][i] = agent.agent().value();
            columns[1][i] = agent.skills().stream()
                    .map(s -> s.skill().value() + ":" + s.level())
                    .collect(Collectors.joining(","));
            columns[2][i] = state.code();
            columns[3][i] = state instanceof AgentState.NotReady r ? r.reason() : null;
            columns[4][i] = call == null ? null : call.toString();
            columns[5][i] = until == null ? null : until.toString();
            columns[6][i] = agent.stateSince().toString();
            columns[7][i] = agent.idleSince().toString();
        }
        return columns;
    }

    private static String[][] callColumns(List<CallSnapshot> rows) {
        int n = rows.size();
        String[][] columns = new String[9][n];
        for (int i = 0; i < n; i++) {
            CallSnapshot call = rows.get(i);
            columns[0][i] = call.call().toString();
            columns[1][i] = call.group().value();
            columns[2][i] = Integer.toString(call.priority());
            columns[3][i] = call.queuedAt().toString();
            columns[4][i] = call.groups().stream().map(SkillId::value).sorted().collect(Collectors.joining(","));
            columns[5][i] = Integer.toString(call.nextOverflow());
            columns[6][i] = call.status().name();
            columns[7][i] = call.agent() == null ? null : call.agent().value();
            columns[8][i] = Boolean.toString(call.kept());
        }
        return columns;
    }

    private static String[][] decisionColumns(List<AcdEvent> events) {
        int n = events.size();
        String[][] columns = new String[5][n];
        for (int i = 0; i < n; i++) {
            AcdEvent event = events.get(i);
            CallId call = callOf(event);
            AgentId agent = agentOf(event);
            columns[0][i] = event instanceof AcdEvent.CallNoted noted
                    ? noted.kind()
                    : event.getClass().getSimpleName();
            columns[1][i] = call == null ? null : call.toString();
            columns[2][i] = agent == null ? null : agent.value();
            columns[3][i] = detailOf(event);
            columns[4][i] = event.at().toString();
        }
        return columns;
    }

    private static void bindFrom(Statement statement, int first, String[][] columns) {
        for (int c = 0; c < columns.length; c++) {
            statement.bind(first + c, columns[c]);
        }
    }

    private static @Nullable CallId callOf(AcdEvent event) {
        return switch (event) {
            case AcdEvent.CallArrived e -> e.call();
            case AcdEvent.CallQueued e -> e.call();
            case AcdEvent.CallOverflowed e -> e.call();
            case AcdEvent.CallOffered e -> e.call();
            case AcdEvent.CallRingTimedOut e -> e.call();
            case AcdEvent.CallAnswered e -> e.call();
            case AcdEvent.CallEnded e -> e.call();
            case AcdEvent.CallAbandoned e -> e.call();
            case AcdEvent.CallLeftQueue e -> e.call();
            case AcdEvent.CallRejected e -> e.call();
            case AcdEvent.CallTransferred e -> e.call();
            case AcdEvent.ConsultStarted e -> e.call();
            case AcdEvent.ConsultEnded e -> e.call();
            case AcdEvent.CallNoted e -> e.call();
            case AcdEvent.AgentEnrolled e -> null;
            case AcdEvent.AgentStateChanged e -> null;
        };
    }

    private static @Nullable AgentId agentOf(AcdEvent event) {
        return switch (event) {
            case AcdEvent.CallOffered e -> e.agent();
            case AcdEvent.CallRingTimedOut e -> e.agent();
            case AcdEvent.CallAnswered e -> e.agent();
            case AcdEvent.CallEnded e -> e.agent();
            case AcdEvent.AgentEnrolled e -> e.agent();
            case AcdEvent.AgentStateChanged e -> e.agent();
            case AcdEvent.CallTransferred e -> e.agent();
            case AcdEvent.ConsultStarted e -> e.agent();
            case AcdEvent.ConsultEnded e -> e.agent();
            case AcdEvent.CallNoted e -> e.agent();
            default -> null;
        };
    }

    private static @Nullable String detailOf(AcdEvent event) {
        return switch (event) {
            case AcdEvent.AgentStateChanged e ->
                e.from() + "->" + e.to().code()
                        + (e.to() instanceof AgentState.NotReady n ? "(" + n.reason() + ")" : "");
            case AcdEvent.CallArrived e -> e.group().value() + " priority " + e.priority();
            case AcdEvent.CallQueued e -> e.group().value() + " priority " + e.priority();
            case AcdEvent.CallOverflowed e -> e.to().value();
            case AcdEvent.CallRejected e -> e.group().value() + " " + e.reason();
            case AcdEvent.CallTransferred e -> e.to().toString();
            case AcdEvent.ConsultStarted e -> e.to() + " " + e.consult();
            case AcdEvent.ConsultEnded e ->
                e.outcome() + " " + e.consult() + " "
                        + (e.target() == null ? "-" : e.target().value());
            case AcdEvent.CallNoted e -> e.detail();
            case AcdEvent.CallLeftQueue e -> e.reason();
            default -> null;
        };
    }

    private static Acd.AgentSnapshot agent(Readable row) {
        String state = text(row, "state");
        @Nullable UUID call = row.get("call_id", UUID.class);
        @Nullable OffsetDateTime until = row.get("until_at", OffsetDateTime.class);
        AgentState agentState =
                switch (state) {
                    case "LOGGED_OUT" -> AgentState.LOGGED_OUT;
                    case "READY" -> AgentState.READY;
                    case "NOT_READY" -> new AgentState.NotReady(text(row, "reason"));
                    case "OFFERED" ->
                        new AgentState.Offered(
                                new CallId(required(call)), required(until).toInstant());
                    case "TALKING" -> new AgentState.Talking(new CallId(required(call)));
                    case "ON_HOLD" -> new AgentState.OnHold(new CallId(required(call)));
                    case "AFTER_CALL_WORK" ->
                        new AgentState.AfterCallWork(
                                new CallId(required(call)), required(until).toInstant());
                    default -> throw new IllegalStateException("unknown agent state " + state);
                };
        List<AgentSkill> skills = Arrays.stream(text(row, "skills").split(","))
                .map(pair -> pair.split(":"))
                .map(pair -> AgentSkill.of(pair[0], Integer.parseInt(pair[1])))
                .toList();
        return new Acd.AgentSnapshot(
                AgentId.of(text(row, "agent_id")),
                skills,
                agentState,
                instant(row, "state_since"),
                instant(row, "idle_since"));
    }

    private static CallSnapshot call(Readable row) {
        Set<SkillId> groups =
                Arrays.stream(text(row, "groups").split(",")).map(SkillId::of).collect(Collectors.toSet());
        String agent = row.get("agent_id", String.class);
        Integer priority = row.get("priority", Integer.class);
        Integer nextOverflow = row.get("next_overflow", Integer.class);
        return new CallSnapshot(
                new CallId(required(row.get("call_id", UUID.class))),
                SkillId.of(text(row, "skill_group")),
                required(priority),
                instant(row, "queued_at"),
                groups,
                required(nextOverflow),
                CallSnapshot.Status.valueOf(text(row, "status")),
                agent == null ? null : AgentId.of(agent),
                Boolean.TRUE.equals(row.get("kept", Boolean.class)));
    }

    private static String text(Readable row, String column) {
        return required(row.get(column, String.class));
    }

    private static Instant instant(Readable row, String column) {
        return required(row.get(column, OffsetDateTime.class)).toInstant();
    }

    private static <T> T required(@Nullable T value) {
        if (value == null) {
            throw new IllegalStateException("a required ACD column is null");
        }
        return value;
    }
}

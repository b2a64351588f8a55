package cn.hotline.call.acd;

import cn.hotline.call.acd.domain.Acd;
import cn.hotline.call.acd.domain.AcdEvent;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentSkill;
import cn.hotline.call.acd.domain.AgentState;
import cn.hotline.call.acd.domain.CallSnapshot;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
 * transaction that first raises the tenant's fence to the writer's token; when the fence already holds a higher token
 * the transaction fails with {@link StaleWriter} and nothing of it is kept.
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

    record Loaded(List<Acd.AgentSnapshot> agents, List<CallSnapshot> calls) {}

    private static final String FENCE =
            """
            INSERT INTO acd_fence (tenant_id, token, holder, updated_at) VALUES (app_tenant(), $1, $2, now())
            ON CONFLICT (tenant_id) DO UPDATE SET token = excluded.token, holder = excluded.holder, updated_at = now()
             WHERE acd_fence.token <= excluded.token
            RETURNING token
            """;

    private static final String UPSERT_AGENT =
            """
            INSERT INTO acd_agent (tenant_id, agent_id, skills, state, reason, call_id, until_at, state_since, idle_since,
                                   fencing_token)
            VALUES (app_tenant(), $1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (tenant_id, agent_id) DO UPDATE SET skills = excluded.skills, state = excluded.state,
                reason = excluded.reason, call_id = excluded.call_id, until_at = excluded.until_at,
                state_since = excluded.state_since, idle_since = excluded.idle_since,
                fencing_token = excluded.fencing_token
            """;

    private static final String UPSERT_CALL =
            """
            INSERT INTO acd_call (tenant_id, call_id, skill_group, priority, queued_at, groups, next_overflow, status,
                                  agent_id, fencing_token)
            VALUES (app_tenant(), $1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (tenant_id, call_id) DO UPDATE SET groups = excluded.groups,
                next_overflow = excluded.next_overflow, status = excluded.status, agent_id = excluded.agent_id,
                fencing_token = excluded.fencing_token
            """;

    private static final String DECISION =
            """
            INSERT INTO acd_decision (tenant_id, fencing_token, kind, call_id, agent_id, detail, at)
            VALUES (app_tenant(), $1, $2, $3, $4, $5, $6)
            """;

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    AcdStore(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    Mono<Void> write(AcdLease.Held lease, Changes changes) {
        Mono<Void> fence = db.sql(FENCE)
                .bind(0, lease.token())
                .bind(1, lease.holder())
                .map(row -> row.get(0, Long.class))
                .all()
                .hasElements()
                .flatMap(raised ->
                        raised ? Mono.<Void>empty() : Mono.error(new StaleWriter(lease.tenant(), lease.token())));
        Flux<Long> agents = Flux.fromIterable(changes.agents()).concatMap(agent -> upsert(agent, lease.token()));
        Flux<Long> calls = Flux.fromIterable(changes.calls()).concatMap(call -> upsert(call, lease.token()));
        Flux<Long> ended = Flux.fromIterable(changes.endedCalls())
                .concatMap(call -> db.sql("DELETE FROM acd_call WHERE call_id = $1")
                        .bind(0, call.value())
                        .fetch()
                        .rowsUpdated());
        Flux<Long> history = Flux.fromIterable(changes.events()).concatMap(event -> decision(event, lease.token()));
        Mono<Void> work = fence.then(Flux.concat(agents, calls, ended, history).then());
        return Tenancy.runAs(TenantContext.of(lease.tenant()), tx.transactional(work));
    }

    Mono<Loaded> load(TenantId tenant) {
        Mono<List<Acd.AgentSnapshot>> agents = db.sql(
                        "SELECT agent_id, skills, state, reason, call_id, until_at, state_since, idle_since FROM acd_agent")
                .map(AcdStore::agent)
                .all()
                .collectList();
        Mono<List<CallSnapshot>> calls = db.sql(
                        "SELECT call_id, skill_group, priority, queued_at, groups, next_overflow, status, agent_id"
                                + " FROM acd_call")
                .map(AcdStore::call)
                .all()
                .collectList();
        Mono<Loaded> work = Mono.zip(agents, calls).map(both -> new Loaded(both.getT1(), both.getT2()));
        return Tenancy.runAs(TenantContext.of(tenant), tx.transactional(work));
    }

    private Mono<Long> upsert(Acd.AgentSnapshot agent, long token) {
        AgentState state = agent.state();
        String reason = state instanceof AgentState.NotReady n ? n.reason() : null;
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
        DatabaseClient.GenericExecuteSpec spec = db.sql(UPSERT_AGENT)
                .bind(0, agent.agent().value())
                .bind(
                        1,
                        agent.skills().stream()
                                .map(s -> s.skill().value() + ":" + s.level())
                                .collect(Collectors.joining(",")))
                .bind(2, state.code());
        spec = reason == null ? spec.bindNull(3, String.class) : spec.bind(3, reason);
        spec = call == null ? spec.bindNull(4, UUID.class) : spec.bind(4, call.value());
        spec = until == null ? spec.bindNull(5, OffsetDateTime.class) : spec.bind(5, utc(until));
        return spec.bind(6, utc(agent.stateSince()))
                .bind(7, utc(agent.idleSince()))
                .bind(8, token)
                .fetch()
                .rowsUpdated();
    }

    private Mono<Long> upsert(CallSnapshot call, long token) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(UPSERT_CALL)
                .bind(0, call.call().value())
                .bind(1, call.group().value())
                .bind(2, call.priority())
                .bind(3, utc(call.queuedAt()))
                .bind(4, call.groups().stream().map(SkillId::value).sorted().collect(Collectors.joining(",")))
                .bind(5, call.nextOverflow())
                .bind(6, call.status().name());
        spec = call.agent() == null
                ? spec.bindNull(7, String.class)
                : spec.bind(7, call.agent().value());
        return spec.bind(8, token).fetch().rowsUpdated();
    }

    private Mono<Long> decision(AcdEvent event, long token) {
        CallId call =
                switch (event) {
                    case AcdEvent.CallQueued e -> e.call();
                    case AcdEvent.CallOverflowed e -> e.call();
                    case AcdEvent.CallOffered e -> e.call();
                    case AcdEvent.CallRingTimedOut e -> e.call();
                    case AcdEvent.CallAnswered e -> e.call();
                    case AcdEvent.CallEnded e -> e.call();
                    case AcdEvent.CallAbandoned e -> e.call();
                    case AcdEvent.CallRejected e -> e.call();
                    case AcdEvent.AgentEnrolled e -> null;
                    case AcdEvent.AgentStateChanged e -> null;
                };
        AgentId agent =
                switch (event) {
                    case AcdEvent.CallOffered e -> e.agent();
                    case AcdEvent.CallRingTimedOut e -> e.agent();
                    case AcdEvent.CallAnswered e -> e.agent();
                    case AcdEvent.CallEnded e -> e.agent();
                    case AcdEvent.AgentEnrolled e -> e.agent();
                    case AcdEvent.AgentStateChanged e -> e.agent();
                    default -> null;
                };
        String detail =
                switch (event) {
                    case AcdEvent.AgentStateChanged e ->
                        e.from() + "->" + e.to().code()
                                + (e.to() instanceof AgentState.NotReady n ? "(" + n.reason() + ")" : "");
                    case AcdEvent.CallQueued e -> e.group().value() + " priority " + e.priority();
                    case AcdEvent.CallOverflowed e -> e.to().value();
                    case AcdEvent.CallRejected e -> e.group().value() + " " + e.reason();
                    default -> null;
                };
        DatabaseClient.GenericExecuteSpec spec =
                db.sql(DECISION).bind(0, token).bind(1, event.getClass().getSimpleName());
        spec = call == null ? spec.bindNull(2, UUID.class) : spec.bind(2, call.value());
        spec = agent == null ? spec.bindNull(3, String.class) : spec.bind(3, agent.value());
        spec = detail == null ? spec.bindNull(4, String.class) : spec.bind(4, detail);
        return spec.bind(5, utc(event.at())).fetch().rowsUpdated();
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
                agent == null ? null : AgentId.of(agent));
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

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

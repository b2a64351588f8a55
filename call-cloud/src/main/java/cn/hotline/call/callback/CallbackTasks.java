package cn.hotline.call.callback;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Tasks the live call raises itself (not derived from the ACD's decisions): the caller left a voicemail, or the
 * call's media was lost mid-call. One task per call, like every other (a call already owed a callback keeps its task).
 */
public final class CallbackTasks {

    /** Why the centre owes the caller a call. */
    public enum Reason {
        VOICEMAIL,
        MEDIA_LOST,
        /** The agent's browser dropped mid-call and did not rejoin within the grace period. */
        AGENT_LOST,
        /**
         * The caller reached the tenant's wait limit and chose to be called back: its call keeps its place in the
         * queue, held by {@link #QUEUE}; the agent it is offered to dials ({@link #takeKept}).
         */
        QUEUE_CALLBACK
    }

    /** Who holds a kept callback's task while its call waits in the queue: nobody can claim or dial it by hand. */
    public static final String QUEUE = "acd-queue";

    /** A kept callback handed to the agent who answered its offer: the task and the number to call. */
    public record Kept(java.util.UUID task, String number) {}

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Duration due;
    private final int maxAttempts;
    private final Duration retryAfter;
    private final Clock clock;

    CallbackTasks(DatabaseClient db, TransactionalOperator tx, CallbackProperties properties, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.due = Objects.requireNonNull(properties.due());
        this.maxAttempts = Objects.requireNonNull(properties.maxAttempts());
        this.retryAfter = Objects.requireNonNull(properties.retryAfter());
        this.clock = clock;
    }

    /**
     * {@code agent} may dial the task's callback: it is open, or claimed by {@code agent}. Fails {@code NOT_FOUND}
     * (no such task of the tenant) or {@code CONFLICT} (done, or another agent holds it).
     */
    public Mono<Void> dialable(TenantId tenant, java.util.UUID task, String agent) {
        Mono<Void> check = db.sql("SELECT status, claimed_by FROM callback_task WHERE id = :id")
                .bind("id", task)
                .map(row -> new String[] {row.get("status", String.class), row.get("claimed_by", String.class)})
                .one()
                .switchIfEmpty(Mono.error(() -> new cn.hotline.kernel.problem.ProblemException(
                        cn.hotline.kernel.problem.ProblemCode.NOT_FOUND, "No callback task " + task + ".")))
                .flatMap(found -> "OPEN".equals(found[0]) || ("CLAIMED".equals(found[0]) && agent.equals(found[1]))
                        ? Mono.<Void>empty()
                        : Mono.error(new cn.hotline.kernel.problem.ProblemException(
                                cn.hotline.kernel.problem.ProblemCode.CONFLICT,
                                "Callback task " + task + " is " + found[0]
                                        + (found[1] != null ? " by " + found[1] : "") + "; it cannot be dialled.")));
        return Tenancy.runAs(TenantContext.of(tenant), tx.transactional(check));
    }

    /**
     * A dialled callback's outcome ({@code REACHED}, {@code NO_ANSWER}, {@code BUSY}, {@code WRONG_NUMBER}): one
     * attempt more; retry outcomes open the task again after {@code retry-after} until {@code max-attempts}, the others
     * close it (as {@code POST .../complete} does). Emits whether the task was updated.
     */
    public Mono<Boolean> dialled(TenantId tenant, java.util.UUID task, String agent, String outcome) {
        boolean retry = "NO_ANSWER".equals(outcome) || "BUSY".equals(outcome);
        String sql = "UPDATE callback_task SET attempts = attempts + 1, outcome = :outcome, version = version + 1,"
                + " claimed_by = CASE WHEN :retry AND attempts + 1 < :max THEN NULL ELSE :agent END,"
                + " claimed_at = COALESCE(claimed_at, now()),"
                + " status = CASE WHEN :retry AND attempts + 1 < :max THEN 'OPEN' ELSE 'DONE' END,"
                + " due_at = CASE WHEN :retry AND attempts + 1 < :max"
                + " THEN now() + make_interval(secs => :wait) ELSE due_at END,"
                + " done_at = CASE WHEN :retry AND attempts + 1 < :max THEN NULL ELSE now() END"
                + " WHERE id = :id AND (status = 'OPEN' OR (status = 'CLAIMED' AND claimed_by = :agent))";
        return Tenancy.runAs(
                TenantContext.of(tenant),
                tx.transactional(db.sql(sql)
                        .bind("outcome", outcome)
                        .bind("retry", retry)
                        .bind("max", maxAttempts)
                        .bind("wait", (double) retryAfter.toSeconds())
                        .bind("agent", agent)
                        .bind("id", task)
                        .fetch()
                        .rowsUpdated()
                        .map(rows -> rows > 0)));
    }

    /**
     * The caller at the wait limit keeps its place in the queue to be called back: a {@link Reason#QUEUE_CALLBACK}
     * task claimed by {@link #QUEUE} (not on anyone's list to claim). Emits false when the call has a task already.
     */
    public Mono<Boolean> keep(TenantId tenant, CallId call, @Nullable String group, Instant arrivedAt) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("INSERT INTO callback_task (tenant_id, id, call_id, reason,"
                        + " skill_group, arrived_at, due_at, status, claimed_by, claimed_at) VALUES (app_tenant(),"
                        + " :id, :call, 'QUEUE_CALLBACK', :group, :arrived, :due, 'CLAIMED', :queue, now())"
                        + " ON CONFLICT (tenant_id, call_id) DO NOTHING")
                .bind("id", Uuids.v7())
                .bind("call", call.value())
                .bind("arrived", arrivedAt.atOffset(ZoneOffset.UTC))
                .bind("due", clock.instant().plus(due).atOffset(ZoneOffset.UTC))
                .bind("queue", QUEUE);
        spec = group == null ? spec.bindNull("group", String.class) : spec.bind("group", group);
        return Tenancy.runAs(
                TenantContext.of(tenant),
                tx.transactional(spec.fetch().rowsUpdated().map(rows -> rows > 0)));
    }

    /** Gives up a kept callback whose call could not keep its place (an agent took it meanwhile): the task goes. */
    public Mono<Void> unkeep(TenantId tenant, CallId call) {
        return Tenancy.runAs(
                TenantContext.of(tenant),
                tx.transactional(db.sql("DELETE FROM callback_task WHERE call_id = :call AND reason = 'QUEUE_CALLBACK'"
                                + " AND status = 'CLAIMED' AND claimed_by = :queue")
                        .bind("call", call.value())
                        .bind("queue", QUEUE)
                        .fetch()
                        .rowsUpdated()
                        .then()));
    }

    /** A task's call, and whether the queue holds the task (a kept callback whose call waits for an agent). */
    public record Holder(CallId call, boolean keptInQueue) {}

    /** Who holds task {@code task}; empty when the tenant has no such task. */
    public Mono<Holder> holder(TenantId tenant, java.util.UUID task) {
        return Tenancy.runAs(
                TenantContext.of(tenant),
                tx.transactional(db.sql("SELECT call_id, status, claimed_by FROM callback_task WHERE id = :id")
                        .bind("id", task)
                        .map(row -> new Holder(
                                new CallId(Objects.requireNonNull(row.get("call_id", java.util.UUID.class))),
                                "CLAIMED".equals(row.get("status", String.class))
                                        && QUEUE.equals(row.get("claimed_by", String.class))))
                        .one()));
    }

    /**
     * A kept callback gives up its place in the queue (it waited too long, or a supervisor released it): its task,
     * if the queue still holds it, goes on the must-call-back list, open and due at once. Emits whether it did (false:
     * an agent took it meanwhile, or it was completed).
     */
    public Mono<Boolean> release(TenantId tenant, CallId call) {
        return Tenancy.runAs(
                TenantContext.of(tenant),
                tx.transactional(db.sql(
                                "UPDATE callback_task SET status = 'OPEN', claimed_by = NULL, claimed_at = NULL,"
                                        + " due_at = LEAST(due_at, now()), version = version + 1 WHERE call_id = :call"
                                        + " AND reason = 'QUEUE_CALLBACK' AND status = 'CLAIMED' AND claimed_by = :queue")
                        .bind("call", call.value())
                        .bind("queue", QUEUE)
                        .fetch()
                        .rowsUpdated()
                        .map(rows -> rows > 0)));
    }

    /** The number a kept callback will dial, while its call still waits for an agent; empty for any other call. */
    public Mono<String> keptNumber(TenantId tenant, CallId call) {
        return Tenancy.runAs(
                TenantContext.of(tenant),
                tx.transactional(db.sql("SELECT r.caller FROM callback_task t JOIN call_record r ON r.call_id ="
                                + " t.call_id WHERE t.call_id = :call AND t.status = 'CLAIMED' AND t.claimed_by = :queue"
                                + " AND r.caller IS NOT NULL")
                        .bind("call", call.value())
                        .bind("queue", QUEUE)
                        .map(row -> Objects.requireNonNull(row.get("caller", String.class)))
                        .one()));
    }

    /**
     * The agent who answered a kept callback's offer takes its task (from {@link #QUEUE}), at most once: emits the
     * task and the number to call, or nothing when the call is no kept callback (or someone took it already).
     */
    public Mono<Kept> takeKept(TenantId tenant, CallId call, String agent) {
        return Tenancy.runAs(
                TenantContext.of(tenant),
                tx.transactional(db.sql("UPDATE callback_task t SET claimed_by = :agent, claimed_at = now(),"
                                + " version = t.version + 1 FROM call_record r WHERE r.call_id = t.call_id"
                                + " AND t.call_id = :call AND t.status = 'CLAIMED' AND t.claimed_by = :queue"
                                + " AND r.caller IS NOT NULL RETURNING t.id, r.caller")
                        .bind("agent", agent)
                        .bind("call", call.value())
                        .bind("queue", QUEUE)
                        .map(row -> new Kept(
                                Objects.requireNonNull(row.get("id", java.util.UUID.class)),
                                Objects.requireNonNull(row.get("caller", String.class))))
                        .one()));
    }

    /** A task {@code agent} took but could not dial goes back on the must-call-back list (open, nobody holds it). */
    public Mono<Void> giveBack(TenantId tenant, java.util.UUID task, String agent) {
        return Tenancy.runAs(
                TenantContext.of(tenant),
                tx.transactional(db.sql(
                                "UPDATE callback_task SET status = 'OPEN', claimed_by = NULL, claimed_at = NULL,"
                                        + " version = version + 1 WHERE id = :id AND status = 'CLAIMED' AND claimed_by = :agent")
                        .bind("id", task)
                        .bind("agent", agent)
                        .fetch()
                        .rowsUpdated()
                        .then()));
    }

    /** Emits whether a new task was created (false: the call had one already). */
    public Mono<Boolean> owe(TenantId tenant, CallId call, Reason reason, @Nullable String group, Instant arrivedAt) {
        Instant now = clock.instant();
        DatabaseClient.GenericExecuteSpec spec = db.sql("INSERT INTO callback_task (tenant_id, id, call_id, reason,"
                        + " skill_group, arrived_at, due_at, status) VALUES (app_tenant(), :id, :call, :reason, :group,"
                        + " :arrived, :due, 'OPEN') ON CONFLICT (tenant_id, call_id) DO NOTHING")
                .bind("id", Uuids.v7())
                .bind("call", call.value())
                .bind("reason", reason.name())
                .bind("arrived", arrivedAt.atOffset(ZoneOffset.UTC))
                .bind("due", now.plus(due).atOffset(ZoneOffset.UTC));
        spec = group == null ? spec.bindNull("group", String.class) : spec.bind("group", group);
        return Tenancy.runAs(
                TenantContext.of(tenant),
                tx.transactional(spec.fetch().rowsUpdated().map(rows -> rows > 0)));
    }
}

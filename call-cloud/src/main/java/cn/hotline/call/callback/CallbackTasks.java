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
        AGENT_LOST
    }

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

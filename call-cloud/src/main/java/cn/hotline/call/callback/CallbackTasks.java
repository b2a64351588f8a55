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
    private final Clock clock;

    CallbackTasks(DatabaseClient db, TransactionalOperator tx, CallbackProperties properties, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.due = Objects.requireNonNull(properties.due());
        this.clock = clock;
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

package cn.hotline.call.callback;

import cn.hotline.call.acd.AcdFollower;
import cn.hotline.call.history.DecisionLog;
import cn.hotline.kernel.events.CallEvent;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import java.time.ZoneOffset;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Puts missed calls on the tenant's must-call-back list as the ACD decides them: an abandoned call (a short abandon
 * only when the tenant wants those too) and a call refused because its queue was full. One task per call at most
 * (unique per call), so replaying decisions adds nothing; tasks and cursor move in one transaction.
 */
final class MissedCalls implements AcdFollower {

    private final DecisionLog log;
    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final CallbackProperties properties;

    MissedCalls(DatabaseClient db, TransactionalOperator tx, CallbackProperties properties, int batch) {
        this.db = db;
        this.tx = tx;
        this.properties = properties;
        this.log = new DecisionLog(db, batch);
    }

    @Override
    public Mono<Void> follow(TenantId tenant) {
        return log.foldNew(tenant, DecisionLog.Cursor.MISSED_CALLS, tx, event -> missed(tenant, event));
    }

    private Mono<Void> missed(TenantId tenant, CallEvent event) {
        return switch (event) {
            case CallEvent.CallAbandoned abandoned -> task(tenant, abandoned.call(), abandoned.at(), null);
            case CallEvent.CallRejected rejected
            when "QUEUE_FULL".equals(rejected.reason()) -> task(tenant, rejected.call(), rejected.at(), "QUEUE_FULL");
            default -> Mono.empty();
        };
    }

    /** A task for {@code call}, its group and arrival read from the call's {@code CallArrived} decision. */
    private Mono<Void> task(TenantId tenant, CallId call, java.time.Instant at, @Nullable String fixedReason) {
        String reason = fixedReason != null
                ? "'" + fixedReason + "'"
                : "CASE WHEN :at - a.at < make_interval(secs => :short) THEN 'SHORT_ABANDONED' ELSE 'ABANDONED' END";
        String sql = "INSERT INTO callback_task (tenant_id, id, call_id, reason, skill_group, arrived_at, due_at,"
                + " status) SELECT :tenant, :id, :call, " + reason + ", split_part(a.detail, ' ', 1), a.at,"
                + " :at + make_interval(secs => :due), 'OPEN' FROM acd_decision a"
                + " WHERE a.call_id = :call AND a.kind = 'CallArrived'"
                + (fixedReason == null && !Boolean.TRUE.equals(properties.includeShortAbandons())
                        ? " AND :at - a.at >= make_interval(secs => :short)"
                        : "")
                + " ORDER BY a.id LIMIT 1 ON CONFLICT (tenant_id, call_id) DO NOTHING";
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql)
                .bind("tenant", tenant.value())
                .bind("id", Uuids.v7())
                .bind("call", call.value())
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .bind("due", (double) Objects.requireNonNull(properties.due()).toSeconds());
        if (sql.contains(":short")) {
            spec = spec.bind(
                    "short",
                    (double) Objects.requireNonNull(properties.shortAbandon()).toMillis() / 1000.0);
        }
        return spec.fetch().rowsUpdated().then();
    }
}

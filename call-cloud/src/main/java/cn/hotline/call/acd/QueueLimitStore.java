package cn.hotline.call.acd;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** {@code acd_queue_limit} (V105, forced RLS): the tenant's wait limit in the queue, if it set one. */
final class QueueLimitStore {

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    QueueLimitStore(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    Mono<Optional<QueueLimit>> load(TenantId tenant) {
        return Tenancy.runAs(
                TenantContext.of(tenant),
                tx.transactional(db.sql("SELECT after_seconds, action FROM acd_queue_limit")
                        .map(row -> new QueueLimit(
                                Duration.ofSeconds(Objects.requireNonNull(row.get("after_seconds", Integer.class))),
                                QueueLimit.Action.valueOf(Objects.requireNonNull(row.get("action", String.class)))))
                        .one()
                        .map(Optional::of)
                        .defaultIfEmpty(Optional.empty())));
    }

    /** Saves the limit, or with none removes it (callers wait without limit again). */
    Mono<Void> save(TenantId tenant, Optional<QueueLimit> limit, String by) {
        Mono<Long> work = limit.map(chosen -> db.sql("INSERT INTO acd_queue_limit (tenant_id, after_seconds, action,"
                                + " updated_by, updated_at) VALUES (:t, :after, :action, :by, now())"
                                + " ON CONFLICT (tenant_id) DO UPDATE SET after_seconds = EXCLUDED.after_seconds,"
                                + " action = EXCLUDED.action, updated_by = EXCLUDED.updated_by,"
                                + " updated_at = EXCLUDED.updated_at")
                        .bind("t", tenant.value())
                        .bind("after", (int) chosen.after().toSeconds())
                        .bind("action", chosen.action().name())
                        .bind("by", by)
                        .fetch()
                        .rowsUpdated())
                .orElseGet(() -> db.sql("DELETE FROM acd_queue_limit").fetch().rowsUpdated());
        return Tenancy.runAs(TenantContext.of(tenant), tx.transactional(work)).then();
    }
}

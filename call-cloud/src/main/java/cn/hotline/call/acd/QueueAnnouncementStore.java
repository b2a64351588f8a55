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

/** {@code acd_queue_announcements} (V85, forced RLS): the tenant's queue announcement choice, if it made one. */
final class QueueAnnouncementStore {

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    QueueAnnouncementStore(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    Mono<Optional<QueueAnnouncements>> load(TenantId tenant) {
        return Tenancy.runAs(
                TenantContext.of(tenant),
                tx.transactional(db.sql("SELECT announce_position, every_seconds FROM acd_queue_announcements")
                        .map(row -> new QueueAnnouncements(
                                Objects.requireNonNull(row.get("announce_position", Boolean.class)),
                                Duration.ofSeconds(Objects.requireNonNull(row.get("every_seconds", Integer.class)))))
                        .one()
                        .map(Optional::of)
                        .defaultIfEmpty(Optional.empty())));
    }

    /** Saves the choice, or with none removes it (the platform interval applies again). */
    Mono<Void> save(TenantId tenant, Optional<QueueAnnouncements> choice, String by) {
        Mono<Long> work = choice.map(announcements -> db.sql(
                                "INSERT INTO acd_queue_announcements (tenant_id, announce_position, every_seconds,"
                                        + " updated_by, updated_at) VALUES (:t, :on, :every, :by, now())"
                                        + " ON CONFLICT (tenant_id) DO UPDATE SET announce_position ="
                                        + " EXCLUDED.announce_position, every_seconds = EXCLUDED.every_seconds,"
                                        + " updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at")
                        .bind("t", tenant.value())
                        .bind("on", announcements.announcePosition())
                        .bind("every", (int) announcements.every().toSeconds())
                        .bind("by", by)
                        .fetch()
                        .rowsUpdated())
                .orElseGet(() ->
                        db.sql("DELETE FROM acd_queue_announcements").fetch().rowsUpdated());
        return Tenancy.runAs(TenantContext.of(tenant), tx.transactional(work)).then();
    }
}

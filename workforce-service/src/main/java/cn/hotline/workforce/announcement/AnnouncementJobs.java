package cn.hotline.workforce.announcement;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.workforce.jobs.LockedIntervalJob;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every {@code job-interval}, one instance (ShedLock lock {@code workforce-announcements} in Redis) visits each
 * messaging tenant: resolves the skill groups of announcements that became due (their members from tenant-service),
 * sends the reminders of personal notes that are due (id and owner only), sends the pop-ups of urgent announcements that became due (delayed sending) or whose earlier
 * publish failed, and removes for good the announcements deleted or expired longer than {@code retention} ago
 * (with their receipts and replies).
 */
@Component
public final class AnnouncementJobs extends LockedIntervalJob<AnnouncementJobs.Result> {

    private final DatabaseClient db;
    private final TransactionalOperator operator;
    private final AnnouncementNotices notices;
    private final AnnouncementBoard board;
    private final AnnouncementProperties properties;
    private final Clock clock;

    AnnouncementJobs(
            ReactiveRedisConnectionFactory redis,
            DatabaseClient db,
            TransactionalOperator operator,
            AnnouncementNotices notices,
            AnnouncementBoard board,
            AnnouncementProperties properties,
            ObjectProvider<Clock> clock,
            ObjectProvider<MeterRegistry> meters) {
        super(
                redis,
                "workforce-announcements",
                Duration.ofMinutes(5),
                properties.jobInterval(),
                properties.jobEnabled(),
                new Result(false, 0, 0, 0),
                meters.getIfAvailable(SimpleMeterRegistry::new),
                "cc.workforce.announcements.job.failures");
        this.db = db;
        this.operator = operator;
        this.notices = notices;
        this.board = board;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** What one run did. */
    public record Result(boolean ran, int notified, int reminded, long removed) {}

    @Override
    protected Mono<Result> whileLocked() {
        Instant now = clock.instant();
        return Tenancy.runAs(
                        TenantContext.platform("announcement job: list tenants"),
                        operator.transactional(db.sql("SELECT tenant_slug FROM messaging_tenant")
                                .map((Readable row) ->
                                        TenantId.of(Objects.requireNonNull(row.get("tenant_slug", String.class))))
                                .all()))
                .concatMap(tenant ->
                        Tenancy.runAs(TenantContext.of(tenant), operator.transactional(forTenant(tenant, now))))
                .reduce(
                        new Result(true, 0, 0, 0),
                        (a, b) -> new Result(
                                true,
                                a.notified() + b.notified(),
                                a.reminded() + b.reminded(),
                                a.removed() + b.removed()));
    }

    private Mono<Result> forTenant(TenantId tenant, Instant now) {
        // skill groups first: an urgent announcement's pop-up then carries its resolved members
        Mono<Integer> due = board.resolveDueGroups(tenant, now)
                .then(db.sql("SELECT a.*, false AS read, 0::bigint AS reads, 0::bigint AS replies"
                                + " FROM announcement a WHERE a.urgent AND a.notified_at IS NULL AND a.deleted_at IS NULL"
                                + " AND a.publish_at <= :now AND (a.expires_at IS NULL OR a.expires_at > :now)")
                        .bind("now", now)
                        .map(AnnouncementBoard::announcement)
                        .all()
                        .collectList()
                        .flatMapMany(Flux::fromIterable)
                        .concatMap(a -> notices.notify(tenant, a).thenReturn(1).onErrorResume(e -> Mono.just(0)))
                        .reduce(0, Integer::sum));
        Mono<Integer> reminded = db.sql("SELECT id, owner, remind_at FROM note WHERE reminded_at IS NULL"
                        + " AND remind_at <= :now ORDER BY remind_at LIMIT 1000")
                .bind("now", now)
                .map((Readable row) -> new Object[] {
                    Objects.requireNonNull(row.get("id", UUID.class)),
                    Objects.requireNonNull(row.get("owner", String.class)),
                    Objects.requireNonNull(row.get("remind_at", Instant.class))
                })
                .all()
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(note -> notices.remind(tenant, (UUID) note[0], (String) note[1], (Instant) note[2])
                        .thenReturn(1)
                        .onErrorResume(e -> Mono.just(0)))
                .reduce(0, Integer::sum);
        Mono<Long> removed = db.sql("DELETE FROM announcement WHERE deleted_at < :cut OR expires_at < :cut")
                .bind("cut", now.minus(properties.retention()))
                .fetch()
                .rowsUpdated();
        return Mono.zip(due, reminded, removed).map(t -> new Result(true, t.getT1(), t.getT2(), t.getT3()));
    }
}

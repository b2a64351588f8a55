package cn.hotline.ticket.notice;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.ticket.ticket.TicketTransactions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes unpublished notices to the tenant's notices topic (key = ticket id, properties {@code eventId},
 * {@code type}, {@code version}), in the order they were written, and marks them published — at least once: a crash
 * between the two publishes again, consumers deduplicate on the envelope id. Rows are taken {@code FOR UPDATE SKIP
 * LOCKED}, so instances do not publish the same notice at the same time. A tenant whose publish fails (its {@code
 * notices} namespace missing, the broker down) backs off (2 s doubling to 5 min) and keeps its notices; the others go on.
 */
@Component
final class NoticeRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NoticeRelay.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    /** A tenant stays in every poll this long after it wrote a notice here (the write may not have committed yet). */
    private static final long RECENT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final PulsarClient pulsar;
    private final DatabaseClient db;
    private final TicketTransactions tx;
    private final NoticeProperties properties;
    private final Map<String, Long> touched = new ConcurrentHashMap<>();
    private final Map<String, Backoff> backoffs = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Producer<byte[]>>> producers = new ConcurrentHashMap<>();
    private final Counter published;
    private final Counter failures;
    private volatile @Nullable Disposable loop;
    private volatile long lastSweep;

    private record Backoff(long untilNanos, Duration last) {}

    private record Pending(UUID id, String ticket, String envelope) {}

    NoticeRelay(
            PulsarClient pulsar,
            DatabaseClient db,
            TicketTransactions tx,
            NoticeProperties properties,
            ObjectProvider<MeterRegistry> meters) {
        this.pulsar = pulsar;
        this.db = db;
        this.tx = tx;
        this.properties = properties;
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.published = Counter.builder("cc.ticket.notices.published")
                .description("notices published to the tenants' notices topics")
                .register(registry);
        this.failures = Counter.builder("cc.ticket.notices.publish.failures")
                .description("failed attempts to publish a tenant's notices (retried with backoff)")
                .register(registry);
    }

    /** A notice of {@code tenant} was written on this instance. */
    void touched(String tenant) {
        touched.put(tenant, System.nanoTime());
    }

    @Override
    public void start() {
        if (!properties.relayEnabled()) {
            log.info("notice relay disabled (cc.ticket.notices.relay-enabled=false)");
            return;
        }
        loop = Flux.interval(properties.pollInterval(), properties.pollInterval(), Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> relayOnce().onErrorResume(error -> {
                    log.warn("notice relay poll failed: {}", error.toString());
                    return Mono.just(0);
                }))
                .subscribe();
    }

    /** One poll: recently touched tenants, or every tenant once per sweep interval; emits how many were published. */
    Mono<Integer> relayOnce() {
        long now = System.nanoTime();
        boolean sweep = now - lastSweep >= properties.sweepInterval().toNanos();
        touched.entrySet().removeIf(e -> now - e.getValue() > RECENT_NANOS);
        Flux<String> tenants = sweep
                ? tx.run(
                                TenantContext.platform("notice relay: list tenants"),
                                db.sql("SELECT tenant_slug FROM ticket_tenant ORDER BY tenant_slug")
                                        .map(row -> Objects.requireNonNull(row.get("tenant_slug", String.class)))
                                        .all())
                        .doOnComplete(() -> lastSweep = now)
                : Flux.fromIterable(List.copyOf(touched.keySet()));
        return tenants.concatMap(this::relayTenant).reduce(0, Integer::sum);
    }

    /** Publishes the tenant's unpublished notices (for tests: without waiting for a poll). */
    Mono<Integer> relayTenant(String tenant) {
        Backoff backoff = backoffs.get(tenant);
        if (backoff != null && System.nanoTime() < backoff.untilNanos()) {
            return Mono.just(0);
        }
        TenantContext context = TenantContext.of(TenantId.of(tenant));
        Mono<Integer> batch = db.sql("SELECT id, ticket_id, envelope::text AS envelope FROM ticket_notice WHERE"
                        + " published_at IS NULL ORDER BY created_at, id LIMIT :n FOR UPDATE SKIP LOCKED")
                .bind("n", properties.batchSize())
                .map(row -> new Pending(
                        Objects.requireNonNull(row.get("id", UUID.class)),
                        Objects.requireNonNull(row.get("ticket_id", UUID.class)).toString(),
                        Objects.requireNonNull(row.get("envelope", String.class))))
                .all()
                .concatMap(notice -> publish(tenant, notice)
                        .then(db.sql("UPDATE ticket_notice SET published_at = clock_timestamp(), publish_attempts ="
                                        + " publish_attempts + 1 WHERE id = :id")
                                .bind("id", notice.id())
                                .fetch()
                                .rowsUpdated())
                        .thenReturn(1))
                .reduce(0, Integer::sum);
        return tx.run(context, batch)
                .doOnNext(n -> {
                    backoffs.remove(tenant);
                    published.increment(n);
                })
                .onErrorResume(error -> {
                    failures.increment();
                    Duration next = backoff == null
                            ? FIRST_BACKOFF
                            : backoff.last().multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                                    ? MAX_BACKOFF
                                    : backoff.last().multipliedBy(2);
                    backoffs.put(tenant, new Backoff(System.nanoTime() + next.toNanos(), next));
                    CompletableFuture<Producer<byte[]>> broken = producers.remove(tenant);
                    if (broken != null) {
                        broken.thenAccept(Producer::closeAsync);
                    }
                    log.warn(
                            "notices of tenant {} not published to {} (retry in {}): {}",
                            tenant,
                            properties.topic(tenant),
                            next,
                            error.toString());
                    return Mono.just(0);
                });
    }

    private Mono<Void> publish(String tenant, Pending notice) {
        return Mono.fromFuture(() -> producer(tenant).thenCompose(producer -> producer.newMessage()
                        .key(notice.ticket())
                        .property("eventId", notice.id().toString())
                        .property("type", "NoticeIssued")
                        .property("version", "1")
                        .value(notice.envelope().getBytes(StandardCharsets.UTF_8))
                        .sendAsync()))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(Duration.ofSeconds(30))
                .then();
    }

    private CompletableFuture<Producer<byte[]>> producer(String tenant) {
        return producers.compute(
                tenant,
                (key, current) -> current != null && !current.isCompletedExceptionally()
                        ? current
                        : pulsar.newProducer(Schema.BYTES)
                                .topic(properties.topic(tenant))
                                .enableBatching(false)
                                .sendTimeout(10, TimeUnit.SECONDS)
                                .createAsync());
    }

    @Override
    public void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
        producers.values().forEach(p -> p.thenAccept(Producer::closeAsync));
        producers.clear();
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}

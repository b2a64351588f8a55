package cn.hotline.tenant.events;

import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.tenant.directory.TenantTransactions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
 * Relays {@code tenant_event_outbox} to Pulsar. Only the instance holding the {@code tenant-events} lease (a row in
 * {@code event_relay_lease}, taken when free or expired, renewed every poll) relays, so two instances never publish
 * the same backlog at once. Events go out strictly in the order they were written: a failed publish stops the batch,
 * counts the attempt, and the event is tried again after an exponential backoff (never dropped). Delivery is at least
 * once — a crash between publishing and marking sends the event again — so consumers deduplicate on the envelope's
 * {@code id} (also the message property {@code eventId}).
 */
@Component
final class TenantEventRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TenantEventRelay.class);
    private static final String LEASE = "tenant-events";

    private final DatabaseClient db;
    private final TenantTransactions tx;
    private final PulsarClient pulsar;
    private final TenantEventsProperties properties;
    private final String instance = "tenant-service:" + Uuids.v7();
    private final AtomicReference<@Nullable CompletableFuture<Producer<byte[]>>> producer = new AtomicReference<>();
    private volatile @Nullable Disposable loop;

    private final Counter published;
    private final Counter publishFailures;
    private final Counter pollFailures;

    TenantEventRelay(
            DatabaseClient db,
            TenantTransactions tx,
            PulsarClient pulsar,
            TenantEventsProperties properties,
            ObjectProvider<MeterRegistry> meters) {
        this.db = db;
        this.tx = tx;
        this.pulsar = pulsar;
        this.properties = properties;
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.published = Counter.builder("cc.tenant.events.published")
                .description("tenant lifecycle events published to Pulsar and marked sent")
                .register(registry);
        this.publishFailures = Counter.builder("cc.tenant.events.publish.failures")
                .description("failed publishes of tenant lifecycle events (each is retried after a backoff)")
                .register(registry);
        this.pollFailures = Counter.builder("cc.tenant.events.poll.failures")
                .description("relay polls that failed before publishing (database down, lease query failed)")
                .register(registry);
    }

    private record Pending(
            UUID id, String tenant, String type, int version, String envelope, int attempts, boolean due) {}

    @Override
    public void start() {
        if (!properties.relayEnabled()) {
            log.info("tenant-events relay disabled (cc.tenant.events.relay-enabled=false); events stay in the outbox");
            return;
        }
        loop = Flux.interval(properties.pollInterval(), Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> relayOnce().onErrorResume(error -> {
                    // The loop must outlive any one failure (database down, lease lost): log and poll again.
                    pollFailures.increment();
                    log.warn("tenant-events relay poll failed: {}", error.toString());
                    return Mono.just(0);
                }))
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
        CompletableFuture<Producer<byte[]>> created = producer.getAndSet(null);
        if (created != null && created.isDone() && !created.isCompletedExceptionally()) {
            created.join().closeAsync();
        }
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    /** One poll: renew or take the lease, then relay due events in order; emits how many were sent. */
    Mono<Integer> relayOnce() {
        return lease().flatMap(held -> held ? relayBatch() : Mono.just(0));
    }

    private Mono<Boolean> lease() {
        return tx.run(
                TenantContext.platform("tenant-events relay"),
                db.sql("UPDATE event_relay_lease SET holder = :me,"
                                + " lease_until = clock_timestamp() + make_interval(secs => :secs)"
                                + " WHERE name = :name AND (holder = :me OR lease_until < clock_timestamp())"
                                + " RETURNING name")
                        .bind("me", instance)
                        .bind("secs", (double) properties.lease().toMillis() / 1000.0)
                        .bind("name", LEASE)
                        .fetch()
                        .rowsUpdated()
                        .map(rows -> rows == 1));
    }

    private Mono<Integer> relayBatch() {
        return tx.run(
                        TenantContext.platform("tenant-events relay"),
                        db.sql("SELECT id, tenant_slug, type, version, envelope::text AS envelope, attempts,"
                                        + " next_attempt_at <= clock_timestamp() AS due FROM tenant_event_outbox"
                                        + " WHERE sent_at IS NULL ORDER BY created_at, id LIMIT :n")
                                .bind("n", properties.batchSize())
                                .map(row -> new Pending(
                                        Objects.requireNonNull(row.get("id", UUID.class)),
                                        Objects.requireNonNull(row.get("tenant_slug", String.class)),
                                        Objects.requireNonNull(row.get("type", String.class)),
                                        Objects.requireNonNull(row.get("version", Integer.class)),
                                        Objects.requireNonNull(row.get("envelope", String.class)),
                                        Objects.requireNonNull(row.get("attempts", Integer.class)),
                                        Boolean.TRUE.equals(row.get("due", Boolean.class))))
                                .all()
                                .collectList())
                .flatMap(batch -> Flux.fromIterable(batch)
                        // In order: stop at the first event not yet due for a retry, or the first that fails.
                        .takeWhile(Pending::due)
                        .concatMap(event -> publish(event)
                                .then(markSent(event))
                                .doOnSuccess(done -> published.increment())
                                .thenReturn(true)
                                .onErrorResume(error -> markFailed(event, error).thenReturn(false)))
                        .takeUntil(sent -> !sent)
                        .filter(sent -> sent)
                        .count()
                        .map(Long::intValue));
    }

    private Mono<Void> publish(Pending event) {
        return Mono.fromFuture(() -> producer().thenCompose(p -> p.newMessage()
                        .key(event.tenant())
                        .property("eventId", event.id().toString())
                        .property("type", event.type())
                        .property("version", Integer.toString(event.version()))
                        .value(event.envelope().getBytes(StandardCharsets.UTF_8))
                        .sendAsync()))
                // The client may block while it starts a request (see the provisioning step's note).
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(Duration.ofSeconds(30))
                .then();
    }

    private CompletableFuture<Producer<byte[]>> producer() {
        CompletableFuture<Producer<byte[]>> current = producer.get();
        if (current != null && !current.isCompletedExceptionally()) {
            return current;
        }
        CompletableFuture<Producer<byte[]>> created = pulsar.newProducer(Schema.BYTES)
                .topic(properties.topic())
                .enableBatching(false)
                .sendTimeout(10, TimeUnit.SECONDS)
                .blockIfQueueFull(false)
                .createAsync();
        producer.set(created);
        return created;
    }

    private Mono<Void> markSent(Pending event) {
        return tx.run(
                        TenantContext.platform("tenant-events relay"),
                        db.sql("UPDATE tenant_event_outbox SET sent_at = clock_timestamp(), attempts = attempts + 1,"
                                        + " last_error = NULL WHERE id = :id")
                                .bind("id", event.id())
                                .fetch()
                                .rowsUpdated())
                .then();
    }

    private Mono<Void> markFailed(Pending event, Throwable error) {
        publishFailures.increment();
        int failures = event.attempts() + 1;
        Duration backoff = properties.backoffAfter(failures);
        log.warn(
                "publishing {} {} of tenant {} failed (attempt {}), retry in {}: {}",
                event.type(),
                event.id(),
                event.tenant(),
                failures,
                backoff,
                error.toString());
        String message = String.valueOf(error);
        return tx.run(
                        TenantContext.platform("tenant-events relay"),
                        db.sql("UPDATE tenant_event_outbox SET attempts = :a, last_error = :e,"
                                        + " next_attempt_at = clock_timestamp() + make_interval(secs => :secs)"
                                        + " WHERE id = :id")
                                .bind("a", failures)
                                .bind("e", message.length() > 1000 ? message.substring(0, 1000) : message)
                                .bind("secs", (double) backoff.toMillis() / 1000.0)
                                .bind("id", event.id())
                                .fetch()
                                .rowsUpdated())
                .then();
    }
}

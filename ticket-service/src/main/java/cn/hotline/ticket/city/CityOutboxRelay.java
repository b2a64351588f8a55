package cn.hotline.ticket.city;

import cn.hotline.kernel.id.TenantId;
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
import java.util.concurrent.ThreadLocalRandom;
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
 * Relays {@code city_outbox} to each tenant's outbound Pulsar topic. Every poll visits the tenants of {@code
 * city_exchange_tenant} one by one, each in its own tenant transaction, and takes due rows with {@code FOR UPDATE SKIP
 * LOCKED} (so several instances can relay without a lease and never take the same row at once). A row is marked
 * relayed only after Pulsar confirmed it; a crash in between sends it again, which the idempotency key makes
 * harmless. A failed publish is retried after an exponential backoff.
 */
@Component
final class CityOutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CityOutboxRelay.class);

    static final String TENANT = "tenant";
    static final String KEY = "idempotencyKey";
    static final String KIND = "kind";

    private final DatabaseClient db;
    private final CityTransactions tx;
    private final CitySettings settings;
    private final PulsarClient pulsar;
    private final CityProperties properties;
    private final Map<String, CompletableFuture<Producer<byte[]>>> producers = new ConcurrentHashMap<>();
    private final Counter relayed;
    private final Counter failures;
    private volatile @Nullable Disposable loop;

    CityOutboxRelay(
            DatabaseClient db,
            CityTransactions tx,
            CitySettings settings,
            PulsarClient pulsar,
            CityProperties properties,
            ObjectProvider<MeterRegistry> meters) {
        this.db = db;
        this.tx = tx;
        this.settings = settings;
        this.pulsar = pulsar;
        this.properties = properties;
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.relayed = Counter.builder("cc.ticket.city.outbox.relayed")
                .description("city changes published to the tenant's Pulsar topic")
                .register(registry);
        this.failures = Counter.builder("cc.ticket.city.outbox.failures")
                .description("failed publishes of city changes (each retried after a backoff) and failed polls")
                .register(registry);
    }

    private record Pending(UUID id, String key, String kind, String body, int attempts) {}

    @Override
    public void start() {
        if (!properties.relayEnabled()) {
            log.info("city outbox relay disabled (cc.ticket.city.relay-enabled=false)");
            return;
        }
        loop = Flux.interval(properties.relayInterval(), Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> relayOnce().onErrorResume(error -> {
                    failures.increment();
                    log.warn("city outbox relay poll failed: {}", error.toString());
                    return Mono.just(0L);
                }))
                .subscribe();
    }

    /** One poll over every tenant; emits how many changes were published. */
    Mono<Long> relayOnce() {
        return tx.platform("city outbox relay: list tenants", settings.tenants().collectList())
                .flatMapMany(Flux::fromIterable)
                .concatMap(tenant -> relayTenant(tenant).onErrorResume(error -> {
                    failures.increment();
                    log.warn("city outbox relay for tenant {} failed: {}", tenant, error.toString());
                    return Mono.just(0L);
                }))
                .reduce(0L, Long::sum);
    }

    private Mono<Long> relayTenant(TenantId tenant) {
        return tx.run(
                tenant,
                db.sql("SELECT id, idempotency_key, kind, body::text AS body, attempts FROM city_outbox"
                                + " WHERE relayed_at IS NULL AND next_attempt_at <= clock_timestamp()"
                                + " ORDER BY created_at, id LIMIT :n FOR UPDATE SKIP LOCKED")
                        .bind("n", properties.relayBatch())
                        .map(row -> new Pending(
                                Objects.requireNonNull(row.get("id", UUID.class)),
                                Objects.requireNonNull(row.get("idempotency_key", String.class)),
                                Objects.requireNonNull(row.get("kind", String.class)),
                                Objects.requireNonNull(row.get("body", String.class)),
                                Objects.requireNonNull(row.get("attempts", Integer.class))))
                        .all()
                        .flatMap(
                                pending -> publish(tenant, pending)
                                        .thenReturn(pending.id())
                                        .onErrorResume(error ->
                                                markFailed(pending, error).then(Mono.empty())),
                                32)
                        .collectList()
                        .flatMap(this::markRelayed));
    }

    private Mono<Void> publish(TenantId tenant, Pending pending) {
        return Mono.fromFuture(() -> producer(tenant).thenCompose(p -> p.newMessage()
                        .key(pending.key())
                        .property(TENANT, tenant.value())
                        .property(KEY, pending.key())
                        .property(KIND, pending.kind())
                        .value(pending.body().getBytes(StandardCharsets.UTF_8))
                        .sendAsync()))
                // the client may block while it starts a request: start it off the event loop
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(Duration.ofSeconds(30))
                .then();
    }

    private CompletableFuture<Producer<byte[]>> producer(TenantId tenant) {
        String topic = properties.topic(tenant.value());
        CompletableFuture<Producer<byte[]>> current = producers.get(topic);
        if (current != null && !current.isCompletedExceptionally()) {
            return current;
        }
        CompletableFuture<Producer<byte[]>> created = pulsar.newProducer(Schema.BYTES)
                .topic(topic)
                .enableBatching(false)
                .sendTimeout(10, TimeUnit.SECONDS)
                .blockIfQueueFull(false)
                .createAsync();
        producers.put(topic, created);
        return created;
    }

    private Mono<Long> markRelayed(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Mono.just(0L);
        }
        return db.sql("UPDATE city_outbox SET relayed_at = clock_timestamp(), attempts = attempts + 1,"
                        + " last_error = NULL WHERE id = ANY(:ids)")
                .bind("ids", ids.toArray(UUID[]::new))
                .fetch()
                .rowsUpdated()
                .doOnNext(relayed::increment);
    }

    private Mono<Void> markFailed(Pending pending, Throwable error) {
        failures.increment();
        int attempts = pending.attempts() + 1;
        Duration backoff =
                properties.backoffAfter(attempts, ThreadLocalRandom.current().nextDouble());
        log.warn(
                "publishing city change {} failed (attempt {}), retry in {}: {}",
                pending.key(),
                attempts,
                backoff,
                error.toString());
        String message = String.valueOf(error);
        return db.sql("UPDATE city_outbox SET attempts = :a, last_error = :e,"
                        + " next_attempt_at = clock_timestamp() + make_interval(secs => :secs) WHERE id = :id")
                .bind("a", attempts)
                .bind("e", message.length() > 1000 ? message.substring(0, 1000) : message)
                .bind("secs", backoff.toMillis() / 1000.0)
                .bind("id", pending.id())
                .fetch()
                .rowsUpdated()
                .then();
    }

    @Override
    public void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
        loop = null;
        producers.values().forEach(f -> f.thenAccept(Producer::closeAsync));
        producers.clear();
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}

package cn.hotline.ticket.city;

import cn.hotline.kernel.events.TopicFollowers;
import cn.hotline.kernel.id.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.DeadLetterPolicy;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Takes changes from each tenant's outbound topic (a shared subscription, so several workers split the load) and
 * delivers them through the tenant's {@link CityPlatform} adapter. A failed attempt goes back through Pulsar's retry
 * topic after an exponential backoff with jitter (5 s doubling to 30 min, 20 attempts: about seven hours by
 * default); after the last attempt the change goes to the tenant's dead-letter topic with an alert: an error log, the
 * counter {@code cc.ticket.city.deliveries.dead} and a {@code DEAD} row in {@code city_delivery}. A message is
 * acknowledged only after its outcome is recorded, so a worker killed at any point leaves it to be redelivered; the
 * idempotency key (the {@code webhook-id}) lets the city keep one effect.
 */
@Component
final class CityDeliveryWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CityDeliveryWorker.class);
    static final String RECONSUME_TIMES = "RECONSUMETIMES";

    private final PulsarClient pulsar;
    private final DatabaseClient db;
    private final CityTransactions tx;
    private final CitySettings settings;
    private final CityProperties properties;
    private final JsonMapper json;
    private final Map<CityEndpoint.Mode, CityPlatform> platforms = new EnumMap<>(CityEndpoint.Mode.class);
    private final TopicFollowers followers = new TopicFollowers("city delivery worker");
    private final Map<String, CompletableFuture<Producer<byte[]>>> deadLetters = new ConcurrentHashMap<>();
    private final Counter delivered;
    private final Counter retried;
    private final Counter dead;

    CityDeliveryWorker(
            PulsarClient pulsar,
            DatabaseClient db,
            CityTransactions tx,
            CitySettings settings,
            CityProperties properties,
            JsonMapper json,
            List<CityPlatform> adapters,
            ObjectProvider<MeterRegistry> meters) {
        this.pulsar = pulsar;
        this.db = db;
        this.tx = tx;
        this.settings = settings;
        this.properties = properties;
        this.json = json;
        adapters.forEach(adapter -> platforms.put(adapter.mode(), adapter));
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.delivered = Counter.builder("cc.ticket.city.deliveries.delivered")
                .description("changes the city platform accepted (or that wait in its pull queue)")
                .register(registry);
        this.retried = Counter.builder("cc.ticket.city.deliveries.retried")
                .description("failed delivery attempts sent back for a later retry")
                .register(registry);
        this.dead = Counter.builder("cc.ticket.city.deliveries.dead")
                .description("changes given up after the last attempt and sent to the dead-letter topic (alert)")
                .register(registry);
    }

    @Override
    public void start() {
        if (!properties.workerEnabled()) {
            log.info("city delivery worker disabled (cc.ticket.city.worker-enabled=false)");
            return;
        }
        followers.start(() -> Flux.interval(Duration.ZERO, properties.tenantRefresh(), Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> tx.platform("city delivery worker: list tenants", settings.tenants())
                        .concatMap(this::consume)
                        .then()
                        .onErrorResume(error -> {
                            log.warn("city delivery worker could not refresh its tenants: {}", error.toString());
                            return Mono.empty();
                        }))
                .subscribe());
    }

    /** Subscribes to a tenant's topic once; the receive loop runs until the worker stops. */
    private Mono<Void> consume(TenantId tenant) {
        String topic = properties.topic(tenant.value());
        return followers
                .follow(
                        topic,
                        () -> TopicFollowers.fromTheStart(
                                        pulsar,
                                        topic,
                                        properties.subscription(),
                                        SubscriptionType.Shared,
                                        Duration.ofSeconds(1))
                                .enableRetry(true)
                                .deadLetterPolicy(DeadLetterPolicy.builder()
                                        // a safety net only: the worker sends to the dead-letter topic itself after
                                        // its last attempt, with the alert
                                        .maxRedeliverCount(properties.maxAttempts() + 5)
                                        .retryLetterTopic(properties.retryTopic(tenant.value()))
                                        .deadLetterTopic(properties.deadLetterTopic(tenant.value()))
                                        .build())
                                .receiverQueueSize(64)
                                .subscribeAsync(),
                        32,
                        (consumer, message) -> handle(tenant, consumer, message))
                .onErrorResume(error -> {
                    log.warn("city delivery worker cannot consume {} yet: {}", topic, error.toString());
                    return Mono.empty();
                });
    }

    private record Target(CityEndpoint endpoint, List<WebhookSecret> secrets, boolean alreadyDelivered) {}

    private Mono<Void> handle(TenantId tenant, Consumer<byte[]> consumer, Message<byte[]> message) {
        String key =
                Optional.ofNullable(message.getProperty(CityOutboxRelay.KEY)).orElse(message.getKey());
        int attempt = attempt(message);
        return tx.run(
                        tenant,
                        delivered(key)
                                .zipWith(settings.activeSecrets(CitySettings.Direction.OUTBOUND))
                                .flatMap(t -> settings.endpoint()
                                        .map(endpoint -> new Target(endpoint, t.getT2(), t.getT1()))))
                .flatMap(target -> {
                    if (target.alreadyDelivered()) {
                        return Mono.<CityPlatform.Outcome>just(new CityPlatform.Outcome.Delivered("delivered before"));
                    }
                    CityPlatform platform = platforms.get(target.endpoint().mode());
                    if (platform == null) {
                        return Mono.<CityPlatform.Outcome>just(new CityPlatform.Outcome.Failed(
                                "no adapter for " + target.endpoint().mode()));
                    }
                    return platform.deliver(tenant, target.endpoint(), target.secrets(), key, body(message));
                })
                .defaultIfEmpty(new CityPlatform.Outcome.Failed("tenant " + tenant + " has no city endpoint"))
                .flatMap(outcome -> switch (outcome) {
                    case CityPlatform.Outcome.Delivered d ->
                        record(tenant, key, "DELIVERED", attempt, null)
                                .then(Mono.fromFuture(() -> consumer.acknowledgeAsync(message)))
                                .doOnSuccess(done -> delivered.increment());
                    case CityPlatform.Outcome.Failed failed -> failed(tenant, consumer, message, key, attempt, failed);
                })
                .onErrorResume(error -> {
                    // the outcome could not be recorded (database down …): let Pulsar bring it back
                    log.warn("city delivery of {} for {} could not complete: {}", key, tenant, error.toString());
                    consumer.negativeAcknowledge(message);
                    return Mono.empty();
                })
                .then();
    }

    private Mono<Void> failed(
            TenantId tenant,
            Consumer<byte[]> consumer,
            Message<byte[]> message,
            String key,
            int attempt,
            CityPlatform.Outcome.Failed failed) {
        if (attempt >= properties.maxAttempts()) {
            dead.increment();
            log.error(
                    "ALERT city change {} of tenant {} given up after {} attempts, sent to the dead-letter topic: {}",
                    key,
                    tenant,
                    attempt,
                    failed.reason());
            return Mono.fromFuture(() -> deadLetter(tenant).thenCompose(p -> p.newMessage()
                            .key(key)
                            .properties(message.getProperties())
                            .property("lastError", truncate(failed.reason()))
                            .value(message.getValue())
                            .sendAsync()))
                    .subscribeOn(Schedulers.boundedElastic())
                    .then(record(tenant, key, "DEAD", attempt, failed.reason()))
                    .then(Mono.fromFuture(() -> consumer.acknowledgeAsync(message)));
        }
        retried.increment();
        Duration backoff =
                properties.backoffAfter(attempt, ThreadLocalRandom.current().nextDouble());
        log.debug("city change {} attempt {} failed ({}), retry in {}", key, attempt, failed.reason(), backoff);
        return Mono.fromFuture(() -> consumer.reconsumeLaterAsync(message, backoff.toMillis(), TimeUnit.MILLISECONDS))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private Mono<Boolean> delivered(String key) {
        return db.sql("SELECT 1 FROM city_delivery WHERE idempotency_key = :key AND status = 'DELIVERED'")
                .bind("key", key)
                .fetch()
                .one()
                .hasElement();
    }

    private Mono<Void> record(TenantId tenant, String key, String status, int attempts, @Nullable String error) {
        var spec = db.sql("INSERT INTO city_delivery (tenant_id, idempotency_key, status, attempts, last_error)"
                        + " VALUES (:t, :key, :status, :attempts, :error) ON CONFLICT (tenant_id, idempotency_key)"
                        + " DO UPDATE SET status = EXCLUDED.status, attempts = EXCLUDED.attempts,"
                        + " last_error = EXCLUDED.last_error, at = clock_timestamp()"
                        + " WHERE city_delivery.status <> 'DELIVERED'")
                .bind("t", tenant.value())
                .bind("key", key)
                .bind("status", status)
                .bind("attempts", attempts);
        spec = error == null ? spec.bindNull("error", String.class) : spec.bind("error", truncate(error));
        return tx.run(tenant, spec.fetch().rowsUpdated()).then();
    }

    private ObjectNode body(Message<byte[]> message) {
        JsonNode tree = json.readTree(message.getValue());
        return tree instanceof ObjectNode object ? object : json.createObjectNode();
    }

    /** 1 for the first delivery; Pulsar counts each trip through the retry topic. */
    static int attempt(Message<byte[]> message) {
        String times = message.getProperty(RECONSUME_TIMES);
        try {
            return times == null ? 1 : Integer.parseInt(times) + 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private CompletableFuture<Producer<byte[]>> deadLetter(TenantId tenant) {
        return deadLetters.computeIfAbsent(
                properties.deadLetterTopic(tenant.value()), topic -> pulsar.newProducer(Schema.BYTES)
                        .topic(topic)
                        .enableBatching(false)
                        .createAsync());
    }

    private static String truncate(String text) {
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }

    @Override
    public void stop() {
        followers.stop();
        deadLetters.values().forEach(f -> f.thenAccept(Producer::closeAsync));
        deadLetters.clear();
    }

    @Override
    public boolean isRunning() {
        return followers.isRunning();
    }
}

package cn.hotline.ticket.calls;

import cn.hotline.kernel.events.TopicFollowers;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.ticket.ticket.TicketTransactions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionMode;
import org.apache.pulsar.client.api.SubscriptionType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes each tenant's call-event topic ({@code persistent://{tenant}/calls/call-events}, ADR 0004) with one durable
 * failover subscription per topic: one instance reads a tenant's events at a time and in order, another takes over
 * when it goes. The tenants are those with ticket data ({@code ticket_tenant}), looked for every {@code
 * tenant-refresh}; a new subscription starts at the earliest message the topic still holds. A message is acknowledged
 * after {@link CallLinks#apply} committed; a failure is negatively acknowledged and comes back (at least once;
 * {@code apply} is idempotent by event id). A message that cannot be read is acknowledged and counted
 * ({@code cc.ticket.call-links.unreadable}): it would never become readable.
 */
@Component
final class CallEventConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CallEventConsumer.class);

    private final PulsarClient pulsar;
    private final DatabaseClient db;
    private final TicketTransactions tx;
    private final CallLinks links;
    private final CallLinksProperties properties;
    private final JsonMapper json;
    private final TopicFollowers followers = new TopicFollowers("call-event consumer");
    private final Counter applied;
    private final Counter unreadable;
    private final Counter failures;

    CallEventConsumer(
            PulsarClient pulsar,
            DatabaseClient db,
            TicketTransactions tx,
            CallLinks links,
            CallLinksProperties properties,
            JsonMapper json,
            ObjectProvider<MeterRegistry> meters) {
        this.pulsar = pulsar;
        this.db = db;
        this.tx = tx;
        this.links = links;
        this.properties = properties;
        this.json = json;
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.applied = Counter.builder("cc.ticket.call-links.applied")
                .description("call events applied")
                .register(registry);
        this.unreadable = Counter.builder("cc.ticket.call-links.unreadable")
                .description("call events that could not be read (acknowledged and dropped)")
                .register(registry);
        this.failures = Counter.builder("cc.ticket.call-links.failures")
                .description("call events that failed to apply and were handed back to Pulsar")
                .register(registry);
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            log.info("call-event consumer disabled (cc.ticket.call-links.enabled=false)");
            return;
        }
        followers.start(() -> Disposables.composite(
                Flux.interval(java.time.Duration.ZERO, properties.tenantRefresh(), Schedulers.parallel())
                        .onBackpressureDrop()
                        .concatMap(tick -> refresh().onErrorResume(error -> {
                            log.warn("call-event consumer could not refresh its tenants: {}", error.toString());
                            return Mono.empty();
                        }))
                        .subscribe(),
                listenForTenants().subscribe()));
    }

    /**
     * Reads tenant-service's lifecycle topic from now on (a non-durable subscription of this instance): each
     * {@code TenantActivated} / {@code TenantReactivated} subscribes to that tenant's call events at once.
     */
    Mono<Void> listenForTenants() {
        return followers
                .follow(
                        properties.tenantsTopic(),
                        () -> pulsar.newConsumer(Schema.BYTES)
                                .topic(properties.tenantsTopic())
                                .subscriptionName("ticket-service-call-links-" + cn.hotline.kernel.id.Uuids.v7())
                                .subscriptionMode(SubscriptionMode.NonDurable)
                                .subscriptionType(SubscriptionType.Exclusive)
                                .subscriptionInitialPosition(SubscriptionInitialPosition.Latest)
                                .subscribeAsync(),
                        1,
                        (listener, message) -> activated(message)
                                .map(this::consume)
                                .orElse(Mono.empty())
                                .then(Mono.fromFuture(() -> listener.acknowledgeAsync(message))))
                .timeout(java.time.Duration.ofSeconds(30))
                .onErrorResume(error -> {
                    log.warn(
                            "call-event consumer cannot read {} (new tenants wait for the refresh): {}",
                            properties.tenantsTopic(),
                            error.toString());
                    return Mono.empty();
                });
    }

    /** The tenant of a {@code TenantActivated} or {@code TenantReactivated} envelope. */
    private java.util.Optional<TenantId> activated(Message<byte[]> message) {
        try {
            JsonNode envelope = json.readTree(message.getValue());
            String type = text(envelope.get("type"));
            String tenant = text(envelope.path("payload").get("tenant"));
            if (tenant != null && ("TenantActivated".equals(type) || "TenantReactivated".equals(type))) {
                return java.util.Optional.of(TenantId.of(tenant));
            }
        } catch (RuntimeException e) {
            log.debug("unreadable tenant lifecycle event {}: {}", message.getMessageId(), e.toString());
        }
        return java.util.Optional.empty();
    }

    /** Subscribes to every tenant with ticket data that it does not consume yet. */
    Mono<Void> refresh() {
        return tx.run(
                        TenantContext.platform("call-event consumer: list tenants"),
                        db.sql("SELECT tenant_slug FROM ticket_tenant ORDER BY tenant_slug")
                                .map(row -> TenantId.of(Objects.requireNonNull(row.get("tenant_slug", String.class))))
                                .all())
                // a tenant without a Pulsar namespace fails its lookup; it must not hold up the others
                .flatMap(this::consume, 8)
                .then();
    }

    /** Whether this instance consumes the tenant's topic (for tests and diagnostics). */
    boolean consumes(String tenant) {
        return followers.follows(properties.topic(tenant));
    }

    /** Subscribes to the tenant's topic unless this instance already reads it. */
    Mono<Void> consume(TenantId tenant) {
        String topic = properties.topic(tenant.value());
        return followers
                .follow(
                        topic,
                        () -> TopicFollowers.fromTheStart(
                                        pulsar,
                                        topic,
                                        properties.subscription(),
                                        SubscriptionType.Failover,
                                        java.time.Duration.ofSeconds(2))
                                .receiverQueueSize(100)
                                .subscribeAsync(),
                        // in order: an answer is applied before the end of the same call
                        1,
                        (consumer, message) -> handle(tenant, consumer, message))
                .timeout(java.time.Duration.ofSeconds(30))
                .onErrorResume(error -> {
                    log.debug("call-event consumer cannot read {} yet: {}", topic, error.toString());
                    return Mono.empty();
                });
    }

    private Mono<Void> handle(TenantId tenant, Consumer<byte[]> consumer, Message<byte[]> message) {
        CallLinks.CallEventMessage event = read(message);
        if (event == null) {
            unreadable.increment();
            log.warn("call event {} on {} cannot be read; dropped", message.getMessageId(), message.getTopicName());
            return Mono.fromFuture(() -> consumer.acknowledgeAsync(message));
        }
        return links.apply(tenant, event)
                .doOnNext(done -> applied.increment())
                .then(Mono.fromFuture(() -> consumer.acknowledgeAsync(message)))
                .onErrorResume(error -> {
                    failures.increment();
                    log.warn(
                            "call event {} of {} not applied, handed back: {}",
                            event.eventId(),
                            tenant,
                            error.toString());
                    consumer.negativeAcknowledge(message);
                    return Mono.empty();
                });
    }

    /** The kernel's {@code EventEnvelope<CallEvent>} as call-cloud writes it; ids may be plain or {@code {value}}. */
    CallLinks.@Nullable CallEventMessage read(Message<byte[]> message) {
        try {
            JsonNode envelope = json.readTree(message.getValue());
            JsonNode payload = envelope.path("payload");
            String id = text(envelope.get("id"));
            String type = text(envelope.get("type"));
            String at = text(payload.get("at"));
            if (id == null || type == null || at == null) {
                return null;
            }
            if ("CallRecorded".equals(type)) {
                // call-cloud's recording relay: callId, recordingId, objectKey, durationMs, sha256, agents, startedAt
                String call = text(payload.get("callId"));
                String recordingId = text(payload.get("recordingId"));
                String key = text(payload.get("objectKey"));
                String sha = text(payload.get("sha256"));
                if (call == null || recordingId == null || key == null || sha == null) {
                    return null;
                }
                return new CallLinks.CallEventMessage(
                        UUID.fromString(id),
                        type,
                        0,
                        UUID.fromString(call),
                        null,
                        Instant.parse(at),
                        new CallLinks.Recording(
                                recordingId,
                                key,
                                sha,
                                payload.path("durationMs").asLong(0)));
            }
            String call = text(payload.get("call"));
            return new CallLinks.CallEventMessage(
                    UUID.fromString(id),
                    type,
                    payload.path("sequence").asLong(0),
                    call == null ? null : UUID.fromString(call),
                    text(payload.get("agent")),
                    Instant.parse(at));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static @Nullable String text(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            return text(node.get("value"));
        }
        return node.isString() ? node.stringValue() : node.toString();
    }

    @Override
    public void stop() {
        followers.stop();
    }

    @Override
    public boolean isRunning() {
        return followers.isRunning();
    }
}

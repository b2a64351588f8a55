package cn.hotline.workforce.events;

import cn.hotline.kernel.events.TopicFollowers;
import cn.hotline.kernel.id.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.SubscriptionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows every tenant's call-event and ticket-event topic. Tenants are the broker's own tenant list (the Pulsar
 * tenants tenant-service provisions, one per platform tenant), refreshed every {@code tenant-refresh}; a topic whose
 * namespace does not exist yet is tried again at the next refresh. One Failover subscription per topic keeps a tenant's
 * events in order. A message is acknowledged after every sink has folded it; a failing sink makes the consumer
 * negatively acknowledge it (delivered again after 5 s), so nothing is lost — sinks deduplicate on the envelope id. A
 * fold that does not end within {@code fold-timeout} counts as failed, so one stuck event cannot hold a topic forever.
 */
public final class TenantTopicsConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TenantTopicsConsumer.class);
    private static final Pattern TENANT = Pattern.compile("[a-z][a-z0-9-]{1,30}[a-z0-9]");
    private static final Set<String> NOT_TENANTS = Set.of("public", "pulsar", "sample", "platform");

    private final PulsarClient pulsar;
    private final EventsProperties properties;
    private final List<CallEventSink> callSinks;
    private final List<TicketEventSink> ticketSinks;
    private final List<CallRecordedSink> recordedSinks;
    private final WebClient admin;
    private final JsonMapper json = JsonMapper.builder().build();
    private final TopicFollowers followers = new TopicFollowers("workforce-service");

    public TenantTopicsConsumer(
            PulsarClient pulsar,
            EventsProperties properties,
            List<CallEventSink> callSinks,
            List<TicketEventSink> ticketSinks,
            List<CallRecordedSink> recordedSinks) {
        this.pulsar = pulsar;
        this.properties = properties;
        this.callSinks = List.copyOf(callSinks);
        this.ticketSinks = List.copyOf(ticketSinks);
        this.recordedSinks = List.copyOf(recordedSinks);
        this.admin = WebClient.builder()
                .baseUrl(String.valueOf(properties.pulsarAdminUrl()))
                .build();
    }

    @Override
    public void start() {
        if (!Boolean.TRUE.equals(properties.enabled())) {
            log.info("workforce event consumers disabled (cc.workforce.events.enabled=false)");
            return;
        }
        followers.start(() -> Flux.interval(Duration.ZERO, properties.tenantRefresh(), Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> tenants()
                        .concatMap(tenant -> {
                            Mono<Void> calls = callSinks.isEmpty() && recordedSinks.isEmpty()
                                    ? Mono.empty()
                                    : follow(tenant, topic(properties.callTopicPattern(), tenant), true);
                            Mono<Void> tickets = ticketSinks.isEmpty()
                                    ? Mono.empty()
                                    : follow(tenant, topic(properties.ticketTopicPattern(), tenant), false);
                            return calls.then(tickets);
                        })
                        .then()
                        .onErrorResume(error -> {
                            log.warn("workforce event consumers could not list tenants: {}", error.toString());
                            return Mono.empty();
                        }))
                .subscribe());
    }

    /** Pulsar tenants that look like platform tenants. */
    private Flux<TenantId> tenants() {
        return admin.get()
                .uri("/admin/v2/tenants")
                .retrieve()
                .bodyToMono(String.class)
                .timeout(Duration.ofSeconds(10))
                .flatMapIterable(body -> List.of(json.readValue(body, String[].class)))
                .filter(name -> TENANT.matcher(name).matches() && !NOT_TENANTS.contains(name))
                .map(TenantId::of);
    }

    private static String topic(String pattern, TenantId tenant) {
        return pattern.replace("{tenant}", tenant.value());
    }

    private Mono<Void> follow(TenantId tenant, String topic, boolean calls) {
        return followers
                .follow(
                        topic,
                        () -> TopicFollowers.fromTheStart(
                                        pulsar,
                                        topic,
                                        properties.subscription(),
                                        SubscriptionType.Failover,
                                        Duration.ofSeconds(5))
                                .receiverQueueSize(256)
                                .subscribeAsync(),
                        1,
                        (consumer, message) -> handle(tenant, consumer, message, calls))
                .onErrorResume(error -> {
                    log.debug("{} not followed yet: {}", topic, error.toString());
                    return Mono.empty();
                });
    }

    private Mono<Void> handle(TenantId tenant, Consumer<byte[]> consumer, Message<byte[]> message, boolean calls) {
        UUID id;
        String type;
        Mono<Void> fold;
        try {
            JsonNode envelope = json.readTree(new String(message.getValue(), StandardCharsets.UTF_8));
            id = UUID.fromString(envelope.path("id").asString());
            type = envelope.path("type").asString();
            JsonNode payload = envelope.path("payload");
            if (calls && "CallRecorded".equals(type)) {
                RecordedCall recorded = RecordedCall.parse(payload);
                fold = Flux.fromIterable(recordedSinks)
                        .concatMap(sink -> sink.accept(tenant, id, recorded))
                        .then();
            } else if (calls) {
                fold = CallEvents.parse(type, payload)
                        .map(event -> Flux.fromIterable(callSinks)
                                .concatMap(sink -> sink.accept(tenant, id, event))
                                .then())
                        .orElse(Mono.empty());
            } else {
                fold = Flux.fromIterable(ticketSinks)
                        .concatMap(sink -> sink.accept(tenant, id, type, payload))
                        .then();
            }
        } catch (RuntimeException unreadable) {
            // a message no version of this service can read would block the topic forever: skipped, logged
            log.warn("unreadable event on {} skipped: {}", message.getTopicName(), unreadable.toString());
            return Mono.fromFuture(() -> consumer.acknowledgeAsync(message)).then();
        }
        return Mono.defer(() -> fold)
                .timeout(properties.foldTimeout())
                .then(Mono.fromFuture(() -> consumer.acknowledgeAsync(message)))
                .then()
                .onErrorResume(error -> {
                    log.warn(
                            "{} {} of tenant {} not folded, delivered again later: {}",
                            type,
                            id,
                            tenant,
                            error.toString());
                    try {
                        consumer.negativeAcknowledge(message);
                    } catch (RuntimeException closed) {
                        // a closed consumer's messages go to the next consumer anyway
                    }
                    return Mono.empty();
                });
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

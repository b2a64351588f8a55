package cn.hotline.call.messaging;

import cn.hotline.kernel.id.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Carries each tenant's {@link MessageEvent}s to every instance with one of its sockets, over Redis pub/sub on {@code
 * t:{tenant}:messages} (the ACD's notice pattern: one subscription per tenant and instance, shared by its sockets).
 *
 * <p>Pub/sub is fire-and-forget: a socket that is not connected when a message goes out misses the push. That is
 * safe because every message is stored first; a console loads the history (and its unread marks) when it connects.
 * A failed publish is logged and counted ({@code call.messages.broadcast.lost}); the sender still gets its reply, the
 * message is stored.
 */
final class MessageBroadcast {

    private static final Logger log = LoggerFactory.getLogger(MessageBroadcast.class);

    private final ReactiveStringRedisTemplate redis;
    private final ReactiveRedisMessageListenerContainer listener;
    private final JsonMapper json;
    private final Counter lost;
    private final Map<TenantId, Flux<MessageEvent>> subscriptions = new ConcurrentHashMap<>();

    MessageBroadcast(
            ReactiveStringRedisTemplate redis,
            ReactiveRedisMessageListenerContainer listener,
            JsonMapper json,
            MeterRegistry meters) {
        this.redis = redis;
        this.listener = listener;
        this.json = json;
        this.lost = Counter.builder("call.messages.broadcast.lost")
                .description("Internal-message events not published to the other instances (stored, not pushed)")
                .register(meters);
    }

    /** Publishes {@code event}; completes when Redis took it or the failure was logged (never fails). */
    Mono<Void> publish(TenantId tenant, MessageEvent event) {
        return redis.convertAndSend(channel(tenant), write(event))
                .onErrorResume(failure -> {
                    lost.increment();
                    // Fail open: the message is stored and the sender answered; recipients see it in their history.
                    log.warn(
                            "Internal message event of tenant {} not broadcast (recipients see it on their next"
                                    + " history load): {}",
                            tenant,
                            failure.toString());
                    return Mono.empty();
                })
                .then();
    }

    /** The tenant's message events from now on, from every instance. */
    Flux<MessageEvent> events(TenantId tenant) {
        return subscriptions.computeIfAbsent(tenant, this::subscribe);
    }

    private Flux<MessageEvent> subscribe(TenantId tenant) {
        return listener.receive(ChannelTopic.of(channel(tenant)))
                .concatMap(message -> {
                    try {
                        return Mono.just(read(message.getMessage()));
                    } catch (RuntimeException e) {
                        log.warn("Unreadable message event on {} skipped: {}", channel(tenant), e.toString());
                        return Mono.empty();
                    }
                })
                .share();
    }

    static String channel(TenantId tenant) {
        return tenant.redisPrefix() + "messages";
    }

    String write(MessageEvent event) {
        Map<String, Object> wire = new LinkedHashMap<>();
        switch (event) {
            case MessageEvent.Sent sent -> {
                InternalMessage message = sent.message();
                wire.put("kind", "sent");
                wire.put("origin", sent.origin());
                wire.put("id", message.id().toString());
                wire.put("from", message.from());
                wire.put("fromName", message.fromName());
                wire.put("toKind", message.to().kind().name());
                wire.put("toValue", message.to().value());
                wire.put("text", message.text());
                wire.put("sentAt", message.sentAt().toString());
            }
            case MessageEvent.Read read -> {
                wire.put("kind", "read");
                wire.put("reader", read.reader());
                wire.put("ids", read.ids().stream().map(UUID::toString).toList());
                wire.put("senders", List.copyOf(read.senders()));
            }
        }
        return json.writeValueAsString(wire);
    }

    MessageEvent read(String text) {
        JsonNode wire = json.readTree(text);
        return switch (string(wire, "kind")) {
            case "sent" ->
                new MessageEvent.Sent(
                        new InternalMessage(
                                UUID.fromString(string(wire, "id")),
                                string(wire, "from"),
                                optional(wire, "fromName"),
                                new Recipient(
                                        Recipient.Kind.valueOf(string(wire, "toKind")), optional(wire, "toValue")),
                                string(wire, "text"),
                                Instant.parse(string(wire, "sentAt"))),
                        string(wire, "origin"));
            case "read" -> {
                List<UUID> ids = new ArrayList<>();
                wire.get("ids").forEach(id -> ids.add(UUID.fromString(id.stringValue())));
                Set<String> senders = new HashSet<>();
                wire.get("senders").forEach(sender -> senders.add(sender.stringValue()));
                yield new MessageEvent.Read(string(wire, "reader"), ids, senders);
            }
            default -> throw new IllegalArgumentException("unknown message event kind");
        };
    }

    private static String string(JsonNode node, String field) {
        String value = optional(node, field);
        if (value == null) {
            throw new IllegalArgumentException("message event without " + field);
        }
        return value;
    }

    private static @Nullable String optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }
}

package cn.hotline.call.outbound;

import cn.hotline.kernel.events.CallEvent;
import cn.hotline.kernel.events.EventEnvelope;
import cn.hotline.kernel.id.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes call-control events that do not come from the ACD's decision history (a transfer out) to the tenant's
 * call-event topic, in the kernel's envelope with the same message properties as the history's relay. The envelope id
 * is a name-based UUID of the outbound call record, so a retry keeps the id. Best effort: three attempts, then the
 * loss is logged and counted ({@link #lost()}); the outbound call record stays the truth (no outbox yet).
 */
public final class OutboundEvents {

    private static final Logger log = LoggerFactory.getLogger(OutboundEvents.class);

    private final PulsarClient pulsar;
    private final String topicPattern;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<TenantId, CompletableFuture<Producer<byte[]>>> producers = new ConcurrentHashMap<>();
    private final AtomicLong lost = new AtomicLong();

    OutboundEvents(PulsarClient pulsar, String topicPattern) {
        this.pulsar = pulsar;
        this.topicPattern = topicPattern;
    }

    /** Events given up after the retries. */
    public long lost() {
        return lost.get();
    }

    public Mono<Void> publish(TenantId tenant, UUID record, CallEvent event) {
        EventEnvelope<CallEvent> envelope = new EventEnvelope<>(
                UUID.nameUUIDFromBytes((tenant.value() + "/outbound-event/" + record + "/"
                                + event.getClass().getSimpleName())
                        .getBytes(StandardCharsets.UTF_8)),
                event.getClass().getSimpleName(),
                1,
                tenant,
                event.at(),
                null,
                event);
        byte[] body = json.writeValueAsString(envelope).getBytes(StandardCharsets.UTF_8);
        return Mono.fromFuture(() -> producer(tenant).thenCompose(producer -> producer.newMessage()
                        .key(tenant.value())
                        .property("eventId", envelope.id().toString())
                        .property("type", envelope.type())
                        .property("version", "1")
                        .value(body)
                        .sendAsync()))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(Duration.ofSeconds(15))
                .doOnError(error -> {
                    CompletableFuture<Producer<byte[]>> broken = producers.remove(tenant);
                    if (broken != null) {
                        broken.thenAccept(Producer::closeAsync);
                    }
                })
                .retryWhen(Retry.backoff(2, Duration.ofSeconds(1)))
                .then()
                .onErrorResume(error -> {
                    lost.incrementAndGet();
                    log.warn(
                            "{} of tenant {} not published to {}: {}",
                            envelope.type(),
                            tenant,
                            topic(tenant),
                            error.toString());
                    return Mono.empty();
                });
    }

    private String topic(TenantId tenant) {
        return topicPattern.replace("{tenant}", tenant.value());
    }

    private CompletableFuture<Producer<byte[]>> producer(TenantId tenant) {
        return producers.compute(
                tenant,
                (key, current) -> current != null && !current.isCompletedExceptionally()
                        ? current
                        : pulsar.newProducer(Schema.BYTES)
                                .topic(topic(tenant))
                                .sendTimeout(10, TimeUnit.SECONDS)
                                .blockIfQueueFull(false)
                                .createAsync());
    }

    void close() {
        producers.values().forEach(future -> future.thenAccept(Producer::closeAsync));
    }
}

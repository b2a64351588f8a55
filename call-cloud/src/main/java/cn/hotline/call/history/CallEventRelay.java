package cn.hotline.call.history;

import cn.hotline.call.acd.AcdFollower;
import cn.hotline.kernel.events.CallEvent;
import cn.hotline.kernel.events.EventEnvelope;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes a tenant's decisions as {@link CallEvent}s to its topic ({@code persistent://{tenant}/calls/call-events} by
 * default; the namespace exists once tenant-service has provisioned the tenant), in decision order, keyed by tenant.
 * At least once: the cursor moves after the broker has acknowledged, so a crash in between publishes again — with the
 * same envelope id ({@code UUID} from tenant and sequence), so consumers deduplicate. A failing tenant (not
 * provisioned yet, broker down) is retried with a backoff from 1 s doubling to 5 min, without holding up others.
 */
final class CallEventRelay implements AcdFollower {

    private static final Logger log = LoggerFactory.getLogger(CallEventRelay.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private record Backoff(Instant until, Duration last) {}

    private final DecisionLog decisions;
    private final TransactionalOperator tx;
    private final PulsarClient pulsar;
    private final String topicPattern;
    private final Clock clock;
    private final boolean enabled;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<TenantId, CompletableFuture<Producer<byte[]>>> producers = new ConcurrentHashMap<>();
    private final Map<TenantId, Backoff> backoffs = new ConcurrentHashMap<>();

    CallEventRelay(
            DatabaseClient db,
            TransactionalOperator tx,
            PulsarClient pulsar,
            String topicPattern,
            int batch,
            Clock clock,
            boolean enabled) {
        this.enabled = enabled;
        this.decisions = new DecisionLog(db, batch);
        this.tx = tx;
        this.pulsar = pulsar;
        this.topicPattern = topicPattern;
        this.clock = clock;
    }

    /** The topic of a tenant's call events. */
    String topic(TenantId tenant) {
        return topicPattern.replace("{tenant}", tenant.value());
    }

    @Override
    public Mono<Void> follow(TenantId tenant) {
        if (!enabled) {
            return Mono.empty();
        }
        Backoff backoff = backoffs.get(tenant);
        if (backoff != null && clock.instant().isBefore(backoff.until())) {
            return Mono.empty();
        }
        TenantContext context = TenantContext.of(tenant);
        return Tenancy.runAs(
                        context,
                        tx.transactional(decisions
                                .position(tenant, DecisionLog.Cursor.EVENTS)
                                .flatMap(decisions::after)))
                .flatMap(rows -> rows.isEmpty()
                        ? Mono.<Void>empty()
                        : publish(tenant, rows)
                                .then(Tenancy.runAs(
                                        context,
                                        tx.transactional(decisions.advance(
                                                DecisionLog.Cursor.EVENTS,
                                                rows.getLast().id())))))
                .doOnSuccess(done -> backoffs.remove(tenant))
                .onErrorResume(failure -> {
                    Duration next = backoff == null
                            ? FIRST_BACKOFF
                            : backoff.last().multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                                    ? MAX_BACKOFF
                                    : backoff.last().multipliedBy(2);
                    backoffs.put(tenant, new Backoff(clock.instant().plus(next), next));
                    CompletableFuture<Producer<byte[]>> broken = producers.remove(tenant);
                    if (broken != null) {
                        broken.thenAccept(Producer::closeAsync);
                    }
                    log.warn(
                            "Call events of tenant {} not published to {} (retry in {}): {}",
                            tenant,
                            topic(tenant),
                            next,
                            failure.toString());
                    return Mono.empty();
                });
    }

    private Mono<Void> publish(TenantId tenant, List<Decisions.Row> rows) {
        List<EventEnvelope<CallEvent>> events = rows.stream()
                .flatMap(row -> Decisions.event(row).stream())
                .map(event -> new EventEnvelope<>(
                        id(tenant, event.sequence()),
                        event.getClass().getSimpleName(),
                        1,
                        tenant,
                        event.at(),
                        null,
                        event))
                .toList();
        if (events.isEmpty()) {
            return Mono.empty();
        }
        // Sent in order on one producer; waiting for the last acknowledgement covers all before it.
        return Mono.fromFuture(() -> producer(tenant).thenCompose(producer -> {
                    CompletableFuture<?> last = CompletableFuture.completedFuture(null);
                    for (EventEnvelope<CallEvent> event : events) {
                        last = producer.newMessage()
                                .key(tenant.value())
                                .property("eventId", event.id().toString())
                                .property("type", event.type())
                                .property("version", Integer.toString(event.version()))
                                .value(json.writeValueAsString(event).getBytes(StandardCharsets.UTF_8))
                                .sendAsync();
                    }
                    return last;
                }))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(Duration.ofSeconds(30))
                .then();
    }

    private CompletableFuture<Producer<byte[]>> producer(TenantId tenant) {
        return producers.compute(
                tenant,
                (key, current) -> current != null && !current.isCompletedExceptionally()
                        ? current
                        : pulsar.newProducer(Schema.BYTES)
                                .topic(topic(tenant))
                                .enableBatching(true)
                                .sendTimeout(10, TimeUnit.SECONDS)
                                .blockIfQueueFull(false)
                                .createAsync());
    }

    /** The same event always gets the same id, however often it is published. */
    static UUID id(TenantId tenant, long sequence) {
        return UUID.nameUUIDFromBytes((tenant.value() + "/call-event/" + sequence).getBytes(StandardCharsets.UTF_8));
    }

    /** Closes every producer (shutdown). */
    Mono<Void> close() {
        return Flux.fromIterable(producers.values())
                .flatMap(future -> Mono.fromFuture(future.thenCompose(Producer::closeAsync))
                        .onErrorResume(e -> Mono.empty()))
                .then();
    }
}

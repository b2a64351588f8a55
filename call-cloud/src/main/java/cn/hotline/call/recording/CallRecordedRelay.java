package cn.hotline.call.recording;

import cn.hotline.call.acd.AcdFollower;
import cn.hotline.kernel.events.EventEnvelope;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes {@link CallRecorded} for every recording of the tenant that is in the store and not announced yet, on the
 * tenant's call-event topic (the same topic and envelope as the ACD's call events). Runs as the tenant's ACD follower,
 * so one instance does it per tenant. At least once: a row is marked published after the broker acknowledged; a crash
 * in between publishes again with the same envelope id (tenant, call and checksum), so consumers deduplicate.
 */
final class CallRecordedRelay implements AcdFollower {

    private static final Logger log = LoggerFactory.getLogger(CallRecordedRelay.class);
    private static final int BATCH = 100;

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final PulsarClient pulsar;
    private final String topicPattern;
    private final boolean enabled;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<TenantId, CompletableFuture<Producer<byte[]>>> producers = new ConcurrentHashMap<>();

    CallRecordedRelay(
            DatabaseClient db,
            TransactionalOperator tx,
            PulsarClient pulsar,
            String topicPattern,
            boolean enabled,
            Clock clock) {
        this.db = db;
        this.tx = tx;
        this.pulsar = pulsar;
        this.topicPattern = topicPattern;
        this.enabled = enabled;
        this.clock = clock;
    }

    @Override
    public Mono<Void> follow(TenantId tenant) {
        if (!enabled) {
            return Mono.empty();
        }
        TenantContext context = TenantContext.of(tenant);
        return Tenancy.runAs(context, tx.transactional(pending()))
                .flatMap(events -> events.isEmpty()
                        ? Mono.<Void>empty()
                        : publish(tenant, events).then(Tenancy.runAs(context, tx.transactional(markPublished(events)))))
                .onErrorResume(failure -> {
                    CompletableFuture<Producer<byte[]>> broken = producers.remove(tenant);
                    if (broken != null) {
                        broken.thenAccept(Producer::closeAsync);
                    }
                    log.warn(
                            "CallRecorded of tenant {} not published (retried at the next turn): {}",
                            tenant,
                            failure.toString());
                    return Mono.empty();
                });
    }

    private Mono<List<CallRecorded>> pending() {
        return db.sql("SELECT call_id, recording_id, object_key, duration_ms, sha256, agents, started_at, archived_at"
                        + " FROM call_recording WHERE status = 'UPLOADED' AND event_published_at IS NULL"
                        + " ORDER BY archived_at LIMIT " + BATCH)
                .map(row -> {
                    String agents = String.valueOf(row.get("agents", String.class));
                    return new CallRecorded(
                            String.valueOf(row.get("call_id", UUID.class)),
                            String.valueOf(row.get("recording_id", String.class)),
                            String.valueOf(row.get("object_key", String.class)),
                            Objects.requireNonNull(row.get("duration_ms", Long.class)),
                            String.valueOf(row.get("sha256", String.class)),
                            agents.isEmpty() ? List.of() : List.of(agents.split(",")),
                            Objects.requireNonNull(row.get("started_at", OffsetDateTime.class))
                                    .toInstant(),
                            Objects.requireNonNull(row.get("archived_at", OffsetDateTime.class))
                                    .toInstant());
                })
                .all()
                .collectList();
    }

    private Mono<Void> markPublished(List<CallRecorded> events) {
        UUID[] calls = events.stream().map(e -> UUID.fromString(e.callId())).toArray(UUID[]::new);
        return db.sql("UPDATE call_recording SET event_published_at = :at WHERE call_id = ANY (:calls)"
                        + " AND event_published_at IS NULL")
                .bind("at", clock.instant().atOffset(ZoneOffset.UTC))
                .bind("calls", calls)
                .fetch()
                .rowsUpdated()
                .then();
    }

    private Mono<Void> publish(TenantId tenant, List<CallRecorded> events) {
        return Mono.fromFuture(() -> producer(tenant).thenCompose(producer -> {
                    CompletableFuture<?> last = CompletableFuture.completedFuture(null);
                    for (CallRecorded event : events) {
                        EventEnvelope<CallRecorded> envelope = envelope(tenant, event);
                        last = producer.newMessage()
                                .key(tenant.value())
                                .property("eventId", envelope.id().toString())
                                .property("type", envelope.type())
                                .property("version", Integer.toString(envelope.version()))
                                .value(json.writeValueAsString(envelope).getBytes(StandardCharsets.UTF_8))
                                .sendAsync();
                    }
                    return last;
                }))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(Duration.ofSeconds(30))
                .doOnSuccess(done -> log.info("CallRecorded published for {} recordings of {}", events.size(), tenant))
                .then();
    }

    /** The envelope of one event; the same recording always gets the same id. */
    static EventEnvelope<CallRecorded> envelope(TenantId tenant, CallRecorded event) {
        return new EventEnvelope<>(id(tenant, event), "CallRecorded", 1, tenant, event.at(), null, event);
    }

    static UUID id(TenantId tenant, CallRecorded event) {
        return UUID.nameUUIDFromBytes((tenant.value() + "/call-recorded/" + event.callId() + "/" + event.sha256())
                .getBytes(StandardCharsets.UTF_8));
    }

    private CompletableFuture<Producer<byte[]>> producer(TenantId tenant) {
        return producers.compute(
                tenant,
                (key, current) -> current != null && !current.isCompletedExceptionally()
                        ? current
                        : pulsar.newProducer(Schema.BYTES)
                                .topic(topicPattern.replace("{tenant}", tenant.value()))
                                .enableBatching(true)
                                .sendTimeout(10, TimeUnit.SECONDS)
                                .blockIfQueueFull(false)
                                .createAsync());
    }

    /** Closes every producer (shutdown). */
    void close() {
        producers.values().forEach(future -> future.thenAccept(Producer::closeAsync));
    }
}

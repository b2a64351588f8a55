package cn.hotline.workforce.announcement;

import cn.hotline.kernel.events.EventEnvelope;
import cn.hotline.kernel.id.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pop-ups: an urgent announcement that goes live is published as {@code AnnouncementPublished} (the kernel's
 * {@code EventEnvelope}, key = announcement id, JSON) on {@code persistent://<tenant>/notices/announcements}; the
 * console subscribes through the gateway or polls {@code GET …/announcements/popups}. {@code notified_at} is set
 * after Pulsar accepted the message, so a failed publish is retried by {@link AnnouncementJobs} (at least once).
 */
@Component
final class AnnouncementNotices implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AnnouncementNotices.class);

    /** The pop-up event's payload: enough to show it; the body is fetched on click. */
    record AnnouncementPublished(
            UUID announcement,
            String group,
            String title,
            boolean urgent,
            boolean all,
            List<String> roles,
            List<String> users,
            List<String> skillGroups,
            List<String> groupMembers,
            Instant publishAt,
            @Nullable Instant expiresAt) {}

    private final PulsarClient pulsar;
    private final DatabaseClient db;
    private final JsonMapper json;
    private final AnnouncementProperties properties;
    private final Clock clock;
    private final Map<String, CompletableFuture<Producer<byte[]>>> producers = new ConcurrentHashMap<>();
    private final Counter published;
    private final Counter failures;

    AnnouncementNotices(
            PulsarClient pulsar,
            DatabaseClient db,
            JsonMapper json,
            AnnouncementProperties properties,
            ObjectProvider<Clock> clock,
            ObjectProvider<MeterRegistry> meters) {
        this.pulsar = pulsar;
        this.db = db;
        this.json = json;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.published =
                Counter.builder("cc.workforce.announcements.notices.published").register(registry);
        this.failures =
                Counter.builder("cc.workforce.announcements.notices.failures").register(registry);
    }

    /** Publishes the pop-up, then marks it sent; runs inside the tenant's transaction for the mark. */
    Mono<Void> notify(TenantId tenant, Announcement a) {
        AnnouncementPublished payload = new AnnouncementPublished(
                a.id(),
                a.group(),
                a.title(),
                a.urgent(),
                a.targets().all(),
                a.targets().roles(),
                a.targets().users(),
                a.targets().groups(),
                a.targets().groupMembers(),
                a.publishAt(),
                a.expiresAt());
        byte[] value = json.writeValueAsBytes(EventEnvelope.of(tenant, payload, clock.instant(), null));
        String topic = properties.topic(tenant.value());
        return Mono.fromFuture(() -> producer(topic).thenCompose(p -> p.newMessage()
                        .key(a.id().toString())
                        .property("type", "AnnouncementPublished")
                        .value(value)
                        .sendAsync()))
                .doOnError(e -> {
                    failures.increment();
                    producers.remove(topic);
                    log.warn("pop-up of announcement {} on {} not published yet: {}", a.id(), topic, e.toString());
                })
                .then(db.sql("UPDATE announcement SET notified_at = :now WHERE id = :id")
                        .bind("now", clock.instant())
                        .bind("id", a.id())
                        .fetch()
                        .rowsUpdated())
                .doOnSuccess(n -> published.increment())
                .then();
    }

    /** A personal note's reminder: only the note's id, owner and time travel (its text is the owner's alone). */
    record NoteReminderDue(UUID note, String owner, Instant remindAt) {}

    /** Tells the owner's console that a note's reminder is due (key = owner), then marks it reminded. */
    Mono<Void> remind(TenantId tenant, UUID note, String owner, Instant remindAt) {
        byte[] value = json.writeValueAsBytes(
                EventEnvelope.of(tenant, new NoteReminderDue(note, owner, remindAt), clock.instant(), null));
        String topic = properties.topic(tenant.value());
        return Mono.fromFuture(() -> producer(topic).thenCompose(p -> p.newMessage()
                        .key(owner)
                        .property("type", "NoteReminderDue")
                        .value(value)
                        .sendAsync()))
                .doOnError(e -> {
                    failures.increment();
                    producers.remove(topic);
                    log.warn("reminder of note {} on {} not published yet: {}", note, topic, e.toString());
                })
                .then(db.sql("UPDATE note SET reminded_at = :now WHERE id = :id AND reminded_at IS NULL")
                        .bind("now", clock.instant())
                        .bind("id", note)
                        .fetch()
                        .rowsUpdated())
                .then();
    }

    private CompletableFuture<Producer<byte[]>> producer(String topic) {
        return producers.computeIfAbsent(topic, t -> pulsar.newProducer(Schema.BYTES)
                .topic(t)
                .enableBatching(false)
                .createAsync());
    }

    @Override
    public void destroy() {
        producers.values().forEach(f -> f.thenAccept(Producer::closeAsync));
    }
}

package cn.hotline.ticket.ticket;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.tenancy.TenantContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 * Relays {@code ticket_event_outbox} to each tenant's topic ({@code persistent://<tenant>/tickets/ticket-events},
 * key = ticket id so one ticket's events stay ordered). One instance at a time relays: the holder of the {@code
 * ticket-events} lease row. The relay binds each tenant in turn ({@code ticket_tenant} lists them), because the
 * outbox is tenant data under row-level security. Per tenant, events go out in the order written; a failed publish
 * stops that tenant's batch and is retried after an exponential backoff, never dropped. At least once: a crash between
 * publishing and marking sends an event again — consumers deduplicate on the envelope id (message property {@code
 * eventId}) or on ticket + seq.
 */
@Component
final class TicketEventRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TicketEventRelay.class);
    private static final String LEASE = "ticket-events";

    private final DatabaseClient db;
    private final TicketTransactions tx;
    private final PulsarClient pulsar;
    private final TicketEventsProperties properties;
    private final String instance = "ticket-service:" + Uuids.v7();
    private final Map<String, CompletableFuture<Producer<byte[]>>> producers = new ConcurrentHashMap<>();
    private final Set<String> touched = ConcurrentHashMap.newKeySet();
    private final Set<String> backlog = ConcurrentHashMap.newKeySet();
    private volatile long lastSweep = System.nanoTime() - Duration.ofDays(1).toNanos();
    private volatile @Nullable Disposable loop;
    private final Counter published;
    private final Counter publishFailures;
    private final Counter pollFailures;

    TicketEventRelay(
            DatabaseClient db,
            TicketTransactions tx,
            PulsarClient pulsar,
            TicketEventsProperties properties,
            ObjectProvider<MeterRegistry> meters) {
        this.db = db;
        this.tx = tx;
        this.pulsar = pulsar;
        this.properties = properties;
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.published = Counter.builder("cc.ticket.events.published").register(registry);
        this.publishFailures =
                Counter.builder("cc.ticket.events.publish.failures").register(registry);
        this.pollFailures = Counter.builder("cc.ticket.events.poll.failures").register(registry);
    }

    private record Pending(UUID id, String ticket, String type, String envelope, int attempts, boolean due) {}

    @Override
    public void start() {
        if (!properties.relayEnabled()) {
            log.info("ticket-events relay disabled (cc.ticket.events.relay-enabled=false); events stay in the outbox");
            return;
        }
        loop = Flux.interval(properties.pollInterval(), Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> relayOnce().onErrorResume(error -> {
                    pollFailures.increment();
                    log.warn("ticket-events relay poll failed: {}", error.toString());
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
        producers.values().forEach(p -> {
            if (p.isDone() && !p.isCompletedExceptionally()) {
                p.join().closeAsync();
            }
        });
        producers.clear();
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    /** A step of {@code tenant} committed on this instance: look at its outbox at the next poll. */
    void touched(String tenant) {
        touched.add(tenant);
    }

    /**
     * One poll: renew or take the lease, then relay the due events of the tenants that wrote on this instance since
     * the last poll or still have a backlog — and of every tenant once per {@code sweep-interval}, which catches
     * events written on other instances and after a restart. Emits how many were sent.
     */
    Mono<Integer> relayOnce() {
        return lease().flatMap(held -> {
            if (!held) {
                return Mono.just(0);
            }
            long now = System.nanoTime();
            boolean sweep = now - lastSweep >= properties.sweepInterval().toNanos();
            Set<String> due = new TreeSet<>(backlog);
            for (String tenant : List.copyOf(touched)) {
                touched.remove(tenant);
                due.add(tenant);
            }
            Flux<String> tenants = sweep ? tenants().doOnComplete(() -> lastSweep = now) : Flux.fromIterable(due);
            return tenants.concatMap(this::relayTenant).reduce(0, Integer::sum);
        });
    }

    private Mono<Boolean> lease() {
        return tx.run(
                TenantContext.platform("ticket-events relay"),
                db.sql("UPDATE ticket_relay_lease SET holder = :me,"
                                + " lease_until = clock_timestamp() + make_interval(secs => :secs)"
                                + " WHERE name = :name AND (holder = :me OR lease_until < clock_timestamp())")
                        .bind("me", instance)
                        .bind("secs", (double) properties.lease().toMillis() / 1000.0)
                        .bind("name", LEASE)
                        .fetch()
                        .rowsUpdated()
                        .map(rows -> rows == 1));
    }

    private Flux<String> tenants() {
        return tx.run(
                TenantContext.platform("ticket-events relay"),
                db.sql("SELECT tenant_slug FROM ticket_tenant ORDER BY tenant_slug")
                        .map(row -> Objects.requireNonNull(row.get("tenant_slug", String.class)))
                        .all());
    }

    private Mono<Integer> relayTenant(String tenant) {
        TenantContext context = TenantContext.of(TenantId.of(tenant));
        return tx.run(
                        context,
                        db.sql("SELECT id, ticket_id, type, envelope::text AS envelope, attempts,"
                                        + " next_attempt_at <= clock_timestamp() AS due FROM ticket_event_outbox"
                                        + " WHERE sent_at IS NULL ORDER BY created_at, id LIMIT :n")
                                .bind("n", properties.batchSize())
                                .map(row -> new Pending(
                                        Objects.requireNonNull(row.get("id", UUID.class)),
                                        Objects.requireNonNull(row.get("ticket_id", UUID.class))
                                                .toString(),
                                        Objects.requireNonNull(row.get("type", String.class)),
                                        Objects.requireNonNull(row.get("envelope", String.class)),
                                        Objects.requireNonNull(row.get("attempts", Integer.class)),
                                        Boolean.TRUE.equals(row.get("due", Boolean.class))))
                                .all()
                                .collectList())
                .flatMap(batch -> Flux.fromIterable(batch)
                        .doOnSubscribe(s -> {
                            // Events left after this batch (a full batch, a failure, a retry not yet due) keep the
                            // tenant in every poll until its outbox is empty.
                            if (batch.isEmpty()) {
                                backlog.remove(tenant);
                            } else {
                                backlog.add(tenant);
                            }
                        })
                        .takeWhile(Pending::due)
                        .concatMap(event -> publish(tenant, event)
                                .then(mark(context, event))
                                .doOnSuccess(done -> published.increment())
                                .thenReturn(true)
                                .onErrorResume(error ->
                                        failed(context, tenant, event, error).thenReturn(false)))
                        .takeUntil(sent -> !sent)
                        .filter(sent -> sent)
                        .count()
                        .map(Long::intValue)
                        .doOnNext(sent -> {
                            if (sent == batch.size() && batch.size() < properties.batchSize()) {
                                backlog.remove(tenant);
                            }
                        }));
    }

    private Mono<Void> publish(String tenant, Pending event) {
        return Mono.fromFuture(() -> producer(tenant).thenCompose(p -> p.newMessage()
                        .key(event.ticket())
                        .property("eventId", event.id().toString())
                        .property("type", event.type())
                        .property("version", "1")
                        .value(event.envelope().getBytes(StandardCharsets.UTF_8))
                        .sendAsync()))
                // The Pulsar client may block while it starts a request.
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(Duration.ofSeconds(30))
                .then();
    }

    private CompletableFuture<Producer<byte[]>> producer(String tenant) {
        return producers.compute(
                tenant,
                (t, current) -> current != null && !current.isCompletedExceptionally()
                        ? current
                        : pulsar.newProducer(Schema.BYTES)
                                .topic(properties.topic(t))
                                .enableBatching(false)
                                .sendTimeout(10, TimeUnit.SECONDS)
                                .blockIfQueueFull(false)
                                .createAsync());
    }

    private Mono<Void> mark(TenantContext context, Pending event) {
        return tx.run(
                        context,
                        db.sql("UPDATE ticket_event_outbox SET sent_at = clock_timestamp(), attempts = attempts + 1,"
                                        + " last_error = NULL WHERE id = :id")
                                .bind("id", event.id())
                                .fetch()
                                .rowsUpdated())
                .then();
    }

    private Mono<Void> failed(TenantContext context, String tenant, Pending event, Throwable error) {
        publishFailures.increment();
        int failures = event.attempts() + 1;
        Duration backoff = properties.backoffAfter(failures);
        log.warn(
                "publishing ticket event {} of tenant {} failed (attempt {}), retry in {}: {}",
                event.id(),
                tenant,
                failures,
                backoff,
                error.toString());
        String message = String.valueOf(error);
        return tx.run(
                        context,
                        db.sql("UPDATE ticket_event_outbox SET attempts = :a, last_error = :e,"
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

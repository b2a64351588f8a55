package cn.hotline.call.acd;

import cn.hotline.call.acd.domain.Acd;
import cn.hotline.call.acd.domain.AcdEvent;
import cn.hotline.call.acd.domain.AcdSettings;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.CallRouting;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import io.r2dbc.spi.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;

/**
 * The one writer of a tenant's ACD on this instance: a serial actor around the in-memory {@link Acd}. Commands queue
 * up; the writer takes all that wait (up to {@link #MAX_BATCH}), applies them one after another to the {@code Acd},
 * persists what they changed in one transaction under its fencing token (group commit), and only then answers the
 * callers. So no two commands ever touch the {@code Acd} at once, and no caller hears of a decision the database does
 * not hold. Writes are pipelined: while one batch is being committed the next is applied and sent on the same
 * connection (up to the pipeline depth); each carries the writer's next batch number, the fence applies only the
 * batch that follows the last one applied, and callers are answered in batch order.
 *
 * <p>The writer stops deciding for good — every later command fails with {@link WriterLost} — when its lease cannot be
 * renewed, when it has not been renewed within the lease time, or when the database refuses its fencing token or
 * fails (memory may then be ahead of the database; a new writer rebuilds from PostgreSQL).
 */
final class AcdWriter {

    static final int MAX_BATCH = 512;

    private static final Logger log = LoggerFactory.getLogger(AcdWriter.class);

    /** This writer no longer decides for the tenant; retry, and a live writer (here or elsewhere) will. */
    static final class WriterLost extends RuntimeException {
        WriterLost(TenantId tenant, String why) {
            super("the ACD writer of tenant " + tenant + " stopped: " + why);
        }
    }

    private record Pending<T>(Function<Acd, T> command, MonoSink<T> sink) {}

    private record Applied(Pending<?> pending, Object result, Throwable error) {}

    private final AcdLease.Held lease;
    private final AcdLease leases;
    private final Acd acd;
    private final AcdStore store;
    // Batches written at once, one after another on the writer's connection: while PostgreSQL commits one, the next
    // is applied to memory and on its way.
    private final int pipelineDepth;
    private final Consumer<List<AcdNotice>> notify;
    private final Queue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final Sinks.Many<CallRouting.Offered> offers =
            Sinks.many().multicast().directBestEffort();
    private final Disposable.Composite loops = Disposables.composite();
    private volatile long leaseValidUntilNanos;
    private volatile String lostBecause = "";
    private volatile boolean fenced;
    // Batches: the number of the last one sent, and the future of the last one answered (both touched only by the
    // thread that holds `busy`); writes in flight and the connection they share.
    private long batches;
    private CompletableFuture<@Nullable Void> answered = CompletableFuture.completedFuture(null);
    // Writes in flight, the connection they go out on (one at a time, in order), and whether it is being opened.
    private final Object connectionLock = new Object();
    private int writesInFlight;
    private @Nullable Connection connection;
    private boolean connecting;

    private AcdWriter(
            AcdLease.Held lease,
            AcdLease leases,
            Acd acd,
            AcdStore store,
            Consumer<List<AcdNotice>> notify,
            int pipelineDepth) {
        this.lease = lease;
        this.pipelineDepth = pipelineDepth;
        this.notify = notify;
        this.leases = leases;
        this.acd = acd;
        this.store = store;
        this.leaseValidUntilNanos = System.nanoTime() + leases.ttl().toNanos();
    }

    /**
     * Takes the tenant's lease and rebuilds its ACD from PostgreSQL; empty while another instance holds the lease.
     * The first write raises the fence to the new token, which from then on refuses the previous writer. Two batches
     * may be in flight at once (so the writer tests exercise the pipelined path).
     */
    static Mono<AcdWriter> start(
            TenantId tenant,
            String holder,
            AcdLease leases,
            AcdStore store,
            Clock clock,
            AcdSettings settings,
            Consumer<List<AcdNotice>> notify) {
        return start(tenant, holder, leases, store, clock, settings, notify, 2);
    }

    /** As above, with up to {@code pipelineDepth} group commits in flight at once. */
    static Mono<AcdWriter> start(
            TenantId tenant,
            String holder,
            AcdLease leases,
            AcdStore store,
            Clock clock,
            AcdSettings settings,
            Consumer<List<AcdNotice>> notify,
            int pipelineDepth) {
        return leases.acquire(tenant, holder).flatMap(held -> store.load(tenant)
                .map(loaded -> new AcdWriter(
                        held,
                        leases,
                        Acd.restore(tenant, clock, loaded.settings().orElse(settings), loaded.agents(), loaded.calls()),
                        store,
                        notify,
                        pipelineDepth))
                .flatMap(writer -> writer.submit(acd -> acd.tick()).thenReturn(writer)));
    }

    /**
     * Renews the lease every third of its time, fires the ACD's timers every {@code tick}, and lets each follower
     * catch up with the decisions every {@code followEvery} (one turn at a time).
     */
    AcdWriter runLoops(Duration tick, List<AcdFollower> followers, Duration followEvery) {
        for (AcdFollower follower : followers) {
            loops.add(Flux.interval(followEvery)
                    .onBackpressureDrop()
                    .concatMap(i -> follower.follow(lease.tenant()).onErrorResume(error -> {
                        log.warn(
                                "{} of tenant {} failed; retrying: {}",
                                follower.getClass().getSimpleName(),
                                lease.tenant(),
                                error.toString());
                        return Mono.empty();
                    }))
                    .subscribe());
        }
        Duration renewEvery = leases.ttl().dividedBy(3);
        loops.add(Flux.interval(renewEvery)
                .onBackpressureDrop()
                .concatMap(i -> {
                    long started = System.nanoTime();
                    return leases.renew(lease).doOnNext(renewed -> {
                        if (renewed) {
                            leaseValidUntilNanos = started + leases.ttl().toNanos();
                        } else {
                            lose("lease lost to another instance");
                        }
                    });
                })
                .onErrorResume(error -> {
                    // Fail closed: without Redis we cannot know we still own the tenant.
                    lose("lease renewal failed: " + error);
                    return Mono.empty();
                })
                .subscribe());
        loops.add(Flux.interval(tick)
                .onBackpressureDrop()
                .concatMap(i -> submit(Acd::tick).onErrorResume(error -> Mono.empty()))
                .subscribe());
        return this;
    }

    TenantId tenant() {
        return lease.tenant();
    }

    long fencingToken() {
        return lease.token();
    }

    boolean isLive() {
        return lostBecause.isEmpty();
    }

    /** Offers made by any command, including timers, for delivery to the agents' sockets. */
    Flux<CallRouting.Offered> offers() {
        return offers.asFlux();
    }

    /** Runs {@code command} on the ACD, in turn with every other, and answers once its changes are persisted. */
    <T> Mono<T> submit(Function<Acd, T> command) {
        return Mono.create(sink -> {
            if (!isLive()) {
                sink.error(new WriterLost(lease.tenant(), lostBecause));
                return;
            }
            queue.add(new Pending<>(command, sink));
            drain();
        });
    }

    /** Stops deciding and gives up the lease. */
    Mono<Void> stop() {
        lose("stopped");
        return leases.release(lease).then();
    }

    private void drain() {
        while (true) {
            if (queue.isEmpty() || !mayStart()) {
                return;
            }
            if (!busy.compareAndSet(false, true)) {
                return; // the holder looks again when it is done
            }
            if (queue.isEmpty() || !mayStart()) {
                busy.set(false);
                continue; // a command or a finished write may have come in between: look again
            }
            runBatch();
        }
    }

    /**
     * Applies the waiting commands and sends what they changed, then lets the next batch start while this one is
     * written (up to the pipeline depth writes in flight on one connection). Callers are answered in batch
     * order, each batch only once it and every earlier one are committed.
     */
    private void runBatch() {
        List<Pending<?>> batch = new ArrayList<>();
        for (Pending<?> p = queue.poll(); p != null; p = batch.size() < MAX_BATCH ? queue.poll() : null) {
            batch.add(p);
        }
        if (isLive() && System.nanoTime() - leaseValidUntilNanos > 0) {
            lose("lease not renewed in time");
        }
        if (!isLive()) {
            batch.forEach(p -> p.sink().error(new WriterLost(lease.tenant(), lostBecause)));
            busy.set(false);
            return;
        }
        List<Applied> applied = new ArrayList<>(batch.size());
        for (Pending<?> pending : batch) {
            try {
                applied.add(new Applied(pending, pending.command().apply(acd), null));
            } catch (RuntimeException e) {
                applied.add(new Applied(pending, null, e));
            }
        }
        List<CallRouting.Offered> offered = new ArrayList<>();
        List<AcdEvent> events = acd.drainEvents();
        AcdStore.Changes changes = changes(events, offered);
        CompletableFuture<@Nullable Void> previous = answered;
        CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
        answered = done;
        // Nothing changed (a quiet timer tick, a read, a refused command): nothing to persist, so no round trip —
        // except the first batch, which raises the fence to this writer's token. Such a batch still waits for the
        // batches before it: what it read may be a decision they have not yet persisted.
        boolean write = !changes.events().isEmpty() || !fenced;
        CompletableFuture<@Nullable Throwable> written = new CompletableFuture<>();
        if (write) {
            fenced = true;
            send(++batches, changes, written);
        } else {
            written.complete(null);
        }
        busy.set(false);
        previous.handle((ignored, earlier) -> earlier).thenAcceptBoth(written, (earlier, failed) -> {
            if (failed != null) {
                lose(
                        failed instanceof AcdStore.StaleWriter
                                ? failed.getMessage()
                                : "persisting decisions failed: " + failed);
            }
            if (earlier != null || failed != null) {
                applied.forEach(a -> a.pending().sink().error(new WriterLost(lease.tenant(), lostBecause)));
                done.completeExceptionally(new WriterLost(lease.tenant(), lostBecause));
            } else {
                // Agents hear of an offer only once it is persisted.
                offered.forEach(offers::tryEmitNext);
                notifyAgents(events, offered);
                applied.forEach(AcdWriter::answer);
                done.complete(null);
            }
            if (write) {
                writeFinished();
                drain(); // a pipeline slot is free (no recursion: a write never completes on this thread)
            }
        });
    }

    /**
     * Sends batch {@code seq} on the writer's connection, right here, so that batches go out in the order they were
     * made. With no connection (no write in flight), takes one first; until it is there no further batch starts.
     */
    private void send(long seq, AcdStore.Changes changes, CompletableFuture<@Nullable Throwable> written) {
        Connection current;
        synchronized (connectionLock) {
            writesInFlight++;
            current = connection;
            if (current == null) {
                connecting = true;
            }
        }
        if (current != null) {
            write(current, seq, changes, written);
            return;
        }
        store.connect()
                .subscribe(
                        opened -> {
                            write(opened, seq, changes, written);
                            synchronized (connectionLock) {
                                connection = opened;
                                connecting = false;
                            }
                            drain();
                        },
                        error -> {
                            synchronized (connectionLock) {
                                connecting = false;
                            }
                            written.complete(error);
                        });
    }

    private void write(
            Connection on, long seq, AcdStore.Changes changes, CompletableFuture<@Nullable Throwable> written) {
        store.write(on, lease, seq, changes).subscribe(ignored -> {}, written::complete, () -> written.complete(null));
    }

    /** Whether a further batch may start: a pipeline slot free and the connection there (or none needed yet). */
    private boolean mayStart() {
        synchronized (connectionLock) {
            return writesInFlight < pipelineDepth && !connecting;
        }
    }

    /** Gives the connection back once no write is in flight (a quiet tenant holds none). */
    private void writeFinished() {
        Connection release = null;
        synchronized (connectionLock) {
            writesInFlight--;
            if (writesInFlight == 0) {
                release = connection;
                connection = null;
            }
        }
        if (release != null) {
            Mono.from(release.close())
                    .subscribe(
                            ignored -> {},
                            error -> log.debug("closing the ACD writer's connection: {}", error.toString()));
        }
    }

    @SuppressWarnings("unchecked")
    private static void answer(Applied applied) {
        MonoSink<Object> sink = (MonoSink<Object>) applied.pending().sink();
        if (applied.error() != null) {
            sink.error(applied.error());
        } else if (applied.result() == null) {
            sink.success();
        } else {
            sink.success(applied.result());
        }
    }

    private AcdStore.Changes changes(List<AcdEvent> events, List<CallRouting.Offered> offered) {
        Set<AgentId> agents = new LinkedHashSet<>();
        Set<CallId> calls = new LinkedHashSet<>();
        for (AcdEvent event : events) {
            switch (event) {
                case AcdEvent.AgentEnrolled e -> agents.add(e.agent());
                case AcdEvent.AgentStateChanged e -> agents.add(e.agent());
                case AcdEvent.CallOffered e -> {
                    calls.add(e.call());
                    Acd.Consultation consult = acd.consultationOf(e.call()).orElse(null);
                    acd.call(e.call())
                            .map(c -> new CallRouting.Offered(
                                    e.call(),
                                    e.agent(),
                                    c.group(),
                                    e.at(),
                                    e.at().plus(acd.settings().ringTimeout()),
                                    consult == null ? null : consult.call(),
                                    consult == null ? null : consult.from()))
                            .ifPresent(offered::add);
                }
                case AcdEvent.CallArrived e -> {}
                case AcdEvent.CallQueued e -> calls.add(e.call());
                case AcdEvent.CallOverflowed e -> calls.add(e.call());
                case AcdEvent.CallRingTimedOut e -> calls.add(e.call());
                case AcdEvent.CallAnswered e -> calls.add(e.call());
                case AcdEvent.CallEnded e -> calls.add(e.call());
                case AcdEvent.CallAbandoned e -> calls.add(e.call());
                case AcdEvent.CallLeftQueue e -> calls.add(e.call());
                case AcdEvent.CallRejected e -> {}
                case AcdEvent.CallTransferred e -> calls.add(e.call());
                case AcdEvent.ConsultStarted e -> {
                    calls.add(e.call());
                    calls.add(e.consult());
                }
                case AcdEvent.ConsultEnded e -> {
                    calls.add(e.call());
                    calls.add(e.consult());
                }
                case AcdEvent.CallNoted e -> {}
            }
        }
        List<Acd.AgentSnapshot> agentRows = agents.stream()
                .map(id -> Acd.AgentSnapshot.of(acd.agent(id).orElseThrow()))
                .toList();
        List<cn.hotline.call.acd.domain.CallSnapshot> callRows = new ArrayList<>();
        List<CallId> ended = new ArrayList<>();
        for (CallId id : calls) {
            acd.call(id).ifPresentOrElse(callRows::add, () -> ended.add(id));
        }
        return new AcdStore.Changes(agentRows, callRows, ended, events);
    }

    /** Tells every instance's sockets what this batch decided: offers and agents' new states, in order. */
    private void notifyAgents(List<AcdEvent> events, List<CallRouting.Offered> offered) {
        List<AcdNotice> notices = new ArrayList<>();
        for (AcdEvent event : events) {
            if (event instanceof AcdEvent.AgentStateChanged changed) {
                notices.add(new AcdNotice.StateChanged(changed.agent(), changed.to(), changed.at()));
            } else if (event instanceof AcdEvent.CallOffered offer) {
                offered.stream()
                        .filter(o -> o.call().equals(offer.call()) && o.agent().equals(offer.agent()))
                        .findFirst()
                        .ifPresent(o -> notices.add(new AcdNotice.Offer(o)));
            }
        }
        try {
            notify.accept(notices);
        } catch (RuntimeException e) {
            log.warn("ACD notices of tenant {} not sent: {}", lease.tenant(), e.toString());
        }
    }

    private void lose(String why) {
        if (isLive()) {
            lostBecause = why;
            log.warn(
                    "ACD writer of tenant {} (fencing token {}) stops deciding: {}",
                    lease.tenant(),
                    lease.token(),
                    why);
            loops.dispose();
            offers.tryEmitComplete(); // subscribers (agent sockets) subscribe again and reach the next writer
        }
    }
}

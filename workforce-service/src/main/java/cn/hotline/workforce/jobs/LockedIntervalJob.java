package cn.hotline.workforce.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.redis.spring.ReactiveRedisLockProvider;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A job of workforce-service that runs every {@code interval} on one instance at a time: the holder of a ShedLock
 * lock in Redis (environment {@code workforce}). A run that fails is counted and logged, and the next tick tries
 * again; a run that does not get the lock reports {@code notRun}. Subclasses say what one run does while the lock is
 * held; tests call {@link #runOnce()} directly.
 *
 * @param <R> what one run reports
 */
public abstract class LockedIntervalJob<R> implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LockedIntervalJob.class);

    private final LockProvider locks;
    private final String lockName;
    private final Duration lockAtMostFor;
    private final Duration interval;
    private final boolean enabled;
    private final R notRun;
    private final MeterRegistry meters;
    private final Counter failures;
    private volatile @Nullable Disposable loop;

    /**
     * @param lockName the ShedLock lock (one per job)
     * @param lockAtMostFor when a crashed holder's lock frees itself
     * @param notRun what a run reports that did not get the lock or failed
     * @param meters where the job's counters live
     * @param failuresCounter the name of the counter of failed runs (and whatever else the subclass counts as failed)
     */
    protected LockedIntervalJob(
            ReactiveRedisConnectionFactory redis,
            String lockName,
            Duration lockAtMostFor,
            Duration interval,
            boolean enabled,
            R notRun,
            MeterRegistry meters,
            String failuresCounter) {
        this.locks = new ReactiveRedisLockProvider.Builder(redis)
                .environment("workforce")
                .build();
        this.lockName = lockName;
        this.lockAtMostFor = lockAtMostFor;
        this.interval = interval;
        this.enabled = enabled;
        this.notRun = notRun;
        this.meters = meters;
        this.failures = Counter.builder(failuresCounter).register(meters);
    }

    /** Where the subclass registers its own counters. */
    protected final MeterRegistry meters() {
        return meters;
    }

    /** The counter of failed runs, for the subclass's own failures too. */
    protected final Counter failures() {
        return failures;
    }

    /** One run's work, while this instance holds the lock. */
    protected abstract Mono<R> whileLocked();

    /** One run, if this instance gets the lock. */
    public final Mono<R> runOnce() {
        return Mono.fromCallable(() ->
                        locks.lock(new LockConfiguration(ClockProvider.now(), lockName, lockAtMostFor, Duration.ZERO)))
                // ShedLock's provider API is synchronous: keep it off the event loop.
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(lock -> lock.isEmpty() ? Mono.just(notRun) : holding(lock));
    }

    private Mono<R> holding(Optional<SimpleLock> lock) {
        return whileLocked().defaultIfEmpty(notRun).doFinally(signal -> Schedulers.boundedElastic()
                .schedule(() -> lock.get().unlock()));
    }

    @Override
    public final void start() {
        if (!enabled) {
            return;
        }
        loop = Flux.interval(interval, Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> runOnce().onErrorResume(error -> {
                    failures.increment();
                    log.warn("{} failed: {}", lockName, error.toString());
                    return Mono.just(notRun);
                }))
                .subscribe();
    }

    @Override
    public final void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
        loop = null;
    }

    @Override
    public final boolean isRunning() {
        return loop != null;
    }
}

package cn.hotline.workforce.sms;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Mass sending survives a stopped instance: every {@code recovery-interval}, one instance (ShedLock lock
 * {@code workforce-sms-recovery} in Redis) sends, tenant by tenant, the messages left QUEUED longer than
 * {@code stale-after} (at most 1000 per tenant and run, at the tenant's rate). Each message is claimed before it is
 * sent, so the recovery and a still-running drain never both send it.
 */
@Component
public final class SmsRecovery implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SmsRecovery.class);

    private final LockProvider locks;
    private final SmsStore store;
    private final SmsTransactions tx;
    private final SmsSending sending;
    private final SmsProperties properties;
    private final Counter recovered;
    private final Counter failures;
    private volatile @Nullable Disposable loop;

    SmsRecovery(
            ReactiveRedisConnectionFactory redis,
            SmsStore store,
            SmsTransactions tx,
            SmsSending sending,
            SmsProperties properties,
            ObjectProvider<MeterRegistry> meters) {
        // our own provider (not a bean): other features of this service may define theirs
        this.locks = new ReactiveRedisLockProvider.Builder(redis)
                .environment("workforce")
                .build();
        this.store = store;
        this.tx = tx;
        this.sending = sending;
        this.properties = properties;
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.recovered = Counter.builder("cc.workforce.sms.recovered").register(registry);
        this.failures = Counter.builder("cc.workforce.sms.recovery.failures").register(registry);
    }

    /** What one run did. */
    public record Result(boolean ran, long sent) {}

    @Override
    public void start() {
        if (!properties.recoveryEnabled()) {
            return;
        }
        loop = Flux.interval(properties.recoveryInterval(), Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> runOnce().onErrorResume(error -> {
                    failures.increment();
                    log.warn("SMS recovery failed: {}", error.toString());
                    return Mono.just(new Result(false, 0));
                }))
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    public Mono<Result> runOnce() {
        return Mono.fromCallable(() -> locks.lock(new LockConfiguration(
                        ClockProvider.now(), "workforce-sms-recovery", Duration.ofMinutes(30), Duration.ZERO)))
                // ShedLock's provider API is synchronous: keep it off the event loop.
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(lock -> lock.isEmpty() ? Mono.just(new Result(false, 0)) : holding(lock));
    }

    private Mono<Result> holding(Optional<SimpleLock> lock) {
        return tx.platform("SMS recovery: list tenants", store.tenants())
                .concatMap(tenant -> sending.recover(tenant, 1000).onErrorResume(e -> {
                    failures.increment();
                    log.warn("SMS recovery of {} failed: {}", tenant, e.toString());
                    return Mono.just(0L);
                }))
                .reduce(0L, Long::sum)
                .doOnNext(recovered::increment)
                .map(n -> new Result(true, n))
                .doFinally(signal ->
                        Schedulers.boundedElastic().schedule(() -> lock.get().unlock()));
    }
}

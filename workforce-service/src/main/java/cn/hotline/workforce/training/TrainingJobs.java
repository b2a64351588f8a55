package cn.hotline.workforce.training;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.util.Objects;
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
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Every {@code timeout-interval}, one instance (ShedLock lock {@code workforce-exam-timeouts} in Redis) submits every
 * running exam whose deadline passed, scoring what was answered in time ({@code auto_submitted = true}). Each exam in
 * its own transaction under a row lock, so a taker's last answer and the job never both win.
 */
@Component
public final class TrainingJobs implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TrainingJobs.class);

    private final LockProvider locks;
    private final DatabaseClient db;
    private final TransactionalOperator operator;
    private final Training training;
    private final TrainingProperties properties;
    private final Counter submitted;
    private final Counter failures;
    private volatile @Nullable Disposable loop;

    TrainingJobs(
            ReactiveRedisConnectionFactory redis,
            DatabaseClient db,
            TransactionalOperator operator,
            Training training,
            TrainingProperties properties,
            ObjectProvider<MeterRegistry> meters) {
        // our own provider (not a bean): other features of this service may define theirs
        this.locks = new ReactiveRedisLockProvider.Builder(redis)
                .environment("workforce")
                .build();
        this.db = db;
        this.operator = operator;
        this.training = training;
        this.properties = properties;
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.submitted =
                Counter.builder("cc.workforce.training.exams.auto-submitted").register(registry);
        this.failures =
                Counter.builder("cc.workforce.training.timeouts.failures").register(registry);
    }

    /** What one run did. */
    public record Result(boolean ran, long submitted) {}

    @Override
    public void start() {
        if (!properties.timeoutJobEnabled()) {
            return;
        }
        loop = Flux.interval(properties.timeoutInterval(), Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> runOnce().onErrorResume(error -> {
                    failures.increment();
                    log.warn("exam time-out job failed: {}", error.toString());
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
                        ClockProvider.now(), "workforce-exam-timeouts", Duration.ofMinutes(5), Duration.ZERO)))
                // ShedLock's provider API is synchronous: keep it off the event loop.
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(lock -> lock.isEmpty() ? Mono.just(new Result(false, 0)) : holding(lock));
    }

    private Mono<Result> holding(Optional<SimpleLock> lock) {
        return Tenancy.runAs(
                        TenantContext.platform("exam time-outs: list tenants"),
                        operator.transactional(db.sql("SELECT tenant_slug FROM messaging_tenant")
                                .map((Readable row) ->
                                        TenantId.of(Objects.requireNonNull(row.get("tenant_slug", String.class))))
                                .all()))
                .concatMap(tenant -> training.tx(tenant, training.overdue())
                        .concatMap(exam -> training.tx(tenant, training.submitTimedOut(exam))
                                .onErrorResume(e -> {
                                    failures.increment();
                                    log.warn("exam {} of {} not submitted yet: {}", exam, tenant, e.toString());
                                    return Mono.just(false);
                                })))
                .filter(Boolean::booleanValue)
                .doOnNext(done -> submitted.increment())
                .count()
                .map(n -> new Result(true, n))
                .doFinally(signal ->
                        Schedulers.boundedElastic().schedule(() -> lock.get().unlock()));
    }
}

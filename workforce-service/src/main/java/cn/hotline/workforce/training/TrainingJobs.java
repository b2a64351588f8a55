package cn.hotline.workforce.training;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.workforce.jobs.LockedIntervalJob;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Every {@code timeout-interval}, one instance (ShedLock lock {@code workforce-exam-timeouts} in Redis) submits every
 * running exam whose deadline passed, scoring what was answered in time ({@code auto_submitted = true}). Each exam in
 * its own transaction under a row lock, so a taker's last answer and the job never both win.
 */
@Component
public final class TrainingJobs extends LockedIntervalJob<TrainingJobs.Result> {

    private static final Logger log = LoggerFactory.getLogger(TrainingJobs.class);

    private final DatabaseClient db;
    private final TransactionalOperator operator;
    private final Training training;
    private final Counter submitted;

    TrainingJobs(
            ReactiveRedisConnectionFactory redis,
            DatabaseClient db,
            TransactionalOperator operator,
            Training training,
            TrainingProperties properties,
            ObjectProvider<MeterRegistry> meters) {
        super(
                redis,
                "workforce-exam-timeouts",
                Duration.ofMinutes(5),
                properties.timeoutInterval(),
                properties.timeoutJobEnabled(),
                new Result(false, 0),
                meters.getIfAvailable(SimpleMeterRegistry::new),
                "cc.workforce.training.timeouts.failures");
        this.db = db;
        this.operator = operator;
        this.training = training;
        this.submitted =
                Counter.builder("cc.workforce.training.exams.auto-submitted").register(meters());
    }

    /** What one run did. */
    public record Result(boolean ran, long submitted) {}

    @Override
    protected Mono<Result> whileLocked() {
        return Tenancy.runAs(
                        TenantContext.platform("exam time-outs: list tenants"),
                        operator.transactional(db.sql("SELECT tenant_slug FROM messaging_tenant")
                                .map((Readable row) ->
                                        TenantId.of(Objects.requireNonNull(row.get("tenant_slug", String.class))))
                                .all()))
                .concatMap(tenant -> training.tx(tenant, training.overdue())
                        .concatMap(exam -> training.tx(tenant, training.submitTimedOut(exam))
                                .onErrorResume(e -> {
                                    failures().increment();
                                    log.warn("exam {} of {} not submitted yet: {}", exam, tenant, e.toString());
                                    return Mono.just(false);
                                })))
                .filter(Boolean::booleanValue)
                .doOnNext(done -> submitted.increment())
                .count()
                .map(n -> new Result(true, n));
    }
}

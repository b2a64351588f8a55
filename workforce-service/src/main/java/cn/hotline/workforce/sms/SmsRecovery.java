package cn.hotline.workforce.sms;

import cn.hotline.workforce.jobs.LockedIntervalJob;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Mass sending survives a stopped instance: every {@code recovery-interval}, one instance (ShedLock lock
 * {@code workforce-sms-recovery} in Redis) sends, tenant by tenant, the messages left QUEUED longer than
 * {@code stale-after} (at most 1000 per tenant and run, at the tenant's rate). Each message is claimed before it is
 * sent, so the recovery and a still-running drain never both send it.
 */
@Component
public final class SmsRecovery extends LockedIntervalJob<SmsRecovery.Result> {

    private static final Logger log = LoggerFactory.getLogger(SmsRecovery.class);

    private final SmsStore store;
    private final SmsTransactions tx;
    private final SmsSending sending;
    private final Counter recovered;

    SmsRecovery(
            ReactiveRedisConnectionFactory redis,
            SmsStore store,
            SmsTransactions tx,
            SmsSending sending,
            SmsProperties properties,
            ObjectProvider<MeterRegistry> meters) {
        super(
                redis,
                "workforce-sms-recovery",
                Duration.ofMinutes(30),
                properties.recoveryInterval(),
                properties.recoveryEnabled(),
                new Result(false, 0),
                meters.getIfAvailable(SimpleMeterRegistry::new),
                "cc.workforce.sms.recovery.failures");
        this.store = store;
        this.tx = tx;
        this.sending = sending;
        this.recovered = Counter.builder("cc.workforce.sms.recovered").register(meters());
    }

    /** What one run did. */
    public record Result(boolean ran, long sent) {}

    @Override
    protected Mono<Result> whileLocked() {
        return tx.platform("SMS recovery: list tenants", store.tenants())
                .concatMap(tenant -> sending.recover(tenant, 1000).onErrorResume(e -> {
                    failures().increment();
                    log.warn("SMS recovery of {} failed: {}", tenant, e.toString());
                    return Mono.just(0L);
                }))
                .reduce(0L, Long::sum)
                .doOnNext(recovered::increment)
                .map(n -> new Result(true, n));
    }
}

package cn.hotline.workforce.sms;

import cn.hotline.kernel.id.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Delivery receipts. A provider's message id says nothing about the tenant, so each submitted segment's id is linked
 * in Redis ({@code cc:sms:pid:<id>} → {@code tenant|message}, for {@code receipt-link-ttl}); a receipt resolves the
 * link, then records the segment's state in the tenant's transaction. A receipt that outruns its link (the SMSC
 * answered before the link was written) is looked up again for a few seconds; one that never resolves is counted
 * ({@code cc.workforce.sms.receipts.unknown}) and dropped.
 */
@Component
public final class SmsReceipts {

    private static final Logger log = LoggerFactory.getLogger(SmsReceipts.class);

    private final ReactiveStringRedisTemplate redis;
    private final SmsStore store;
    private final SmsTransactions tx;
    private final SmsProperties properties;
    private final Clock clock;
    private final Counter recorded;
    private final Counter unknown;

    SmsReceipts(
            ReactiveStringRedisTemplate redis,
            SmsStore store,
            SmsTransactions tx,
            SmsProperties properties,
            ObjectProvider<Clock> clock,
            ObjectProvider<MeterRegistry> meters) {
        this.redis = redis;
        this.store = store;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.recorded = Counter.builder("cc.workforce.sms.receipts.recorded").register(registry);
        this.unknown = Counter.builder("cc.workforce.sms.receipts.unknown").register(registry);
    }

    Mono<Void> link(TenantId tenant, UUID message, List<String> providerIds) {
        return Flux.fromIterable(providerIds)
                .concatMap(id ->
                        redis.opsForValue().set(key(id), tenant.value() + "|" + message, properties.receiptLinkTtl()))
                .then();
    }

    /**
     * One segment's receipt.
     *
     * @param state the SMPP receipt's {@code stat} ({@code DELIVRD}, {@code UNDELIV}, {@code REJECTD}, {@code EXPIRED}
     *     …); HTTP providers' states are mapped onto these
     */
    public Mono<Void> receipt(String providerId, String state, @Nullable String error) {
        return receipt(null, providerId, state, error);
    }

    /** A receipt that must belong to {@code expected} (a tenant's signed callback); others' ids are dropped. */
    Mono<Void> receipt(@Nullable TenantId expected, String providerId, String state, @Nullable String error) {
        return redis.opsForValue()
                .get(key(providerId))
                .switchIfEmpty(Mono.error(new UnknownId()))
                .retryWhen(Retry.fixedDelay(20, Duration.ofMillis(250)).filter(UnknownId.class::isInstance))
                .flatMap(link -> {
                    int bar = link.indexOf('|');
                    TenantId tenant = TenantId.of(link.substring(0, bar));
                    UUID message = UUID.fromString(link.substring(bar + 1));
                    if (expected != null && !expected.equals(tenant)) {
                        return Mono.error(new IllegalArgumentException("provider id of another tenant"));
                    }
                    return tx.run(tenant, store.receipt(tenant, message, providerId, state, error, clock.instant()))
                            .doOnSuccess(done -> recorded.increment());
                })
                .onErrorResume(failure -> {
                    unknown.increment();
                    log.warn("SMS receipt for provider id {} not recorded: {}", providerId, failure.toString());
                    return Mono.empty();
                });
    }

    private static String key(String providerId) {
        return "cc:sms:pid:" + providerId;
    }

    private static final class UnknownId extends RuntimeException {
        UnknownId() {
            super("no link for this provider id", null, false, false);
        }
    }
}

package cn.hotline.workforce.sms;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A token bucket per tenant in Redis ({@code cc:sms:rate:<tenant>}): refilled at the tenant's rate per second, as
 * large as one second's worth, taken atomically by a Lua script on Redis's own clock (so every instance shares one
 * bucket). Fails closed: when Redis cannot answer, nothing is sent (counted as {@code cc.workforce.sms.rate.redis-down}).
 */
@Component
final class SmsRateLimiter {

    private static final Logger log = LoggerFactory.getLogger(SmsRateLimiter.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> TAKE = RedisScript.of(
            """
            local key = KEYS[1]
            local rate = tonumber(ARGV[1])
            local capacity = tonumber(ARGV[2])
            local wanted = tonumber(ARGV[3])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local state = redis.call('HMGET', key, 'tokens', 'ts')
            local tokens = tonumber(state[1]) or capacity
            local ts = tonumber(state[2]) or now
            tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate / 1000)
            local allowed = 0
            local wait = 0
            if tokens >= wanted then
              tokens = tokens - wanted
              allowed = 1
            else
              wait = math.ceil((wanted - tokens) * 1000 / rate)
            end
            redis.call('HSET', key, 'tokens', tostring(tokens), 'ts', tostring(now))
            redis.call('PEXPIRE', key, math.ceil(capacity * 1000 / rate) + 1000)
            return {allowed, wait}
            """,
            List.class);

    private final ReactiveStringRedisTemplate redis;
    private final Counter refused;
    private final Counter redisDown;

    SmsRateLimiter(ReactiveStringRedisTemplate redis, ObjectProvider<MeterRegistry> meters) {
        this.redis = redis;
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.refused = Counter.builder("cc.workforce.sms.rate.refused").register(registry);
        this.redisDown = Counter.builder("cc.workforce.sms.rate.redis-down").register(registry);
    }

    /** Takes one token, or says how long until one is there. */
    Mono<Duration> take(TenantId tenant, int ratePerSecond) {
        return redis.execute(
                        TAKE,
                        List.of("cc:sms:rate:" + tenant.value()),
                        List.of(String.valueOf(ratePerSecond), String.valueOf(ratePerSecond), "1"))
                .next()
                .map(result -> {
                    long allowed = ((Number) result.get(0)).longValue();
                    long wait = ((Number) result.get(1)).longValue();
                    return allowed == 1 ? Duration.ZERO : Duration.ofMillis(Math.max(1, wait));
                })
                .onErrorMap(error -> !(error instanceof ProblemException), error -> {
                    redisDown.increment();
                    // with its stack: a failure that is not Redis being down must be findable
                    log.warn("SMS rate limiter cannot reach Redis, refusing to send (fail closed)", error);
                    return new ProblemException(
                            ProblemCode.DEPENDENCY_DOWN, "The SMS rate limiter is unavailable; nothing was sent.");
                });
    }

    /** Takes one token now, or fails with 429 {@code TOO_MANY_REQUESTS} and the seconds to wait. */
    Mono<Void> takeOrRefuse(TenantId tenant, int ratePerSecond) {
        return take(tenant, ratePerSecond).flatMap(wait -> {
            if (wait.isZero()) {
                return Mono.empty();
            }
            refused.increment();
            return Mono.error(new ProblemException(
                    ProblemCode.TOO_MANY_REQUESTS,
                    "This tenant sends at most " + ratePerSecond + " SMS per second; try again shortly.",
                    java.util.Map.of("retryAfterMillis", wait.toMillis())));
        });
    }

    /** Waits until a token is there (mass sending drains at the tenant's rate). */
    Mono<Void> await(TenantId tenant, int ratePerSecond) {
        return take(tenant, ratePerSecond)
                .flatMap(wait ->
                        wait.isZero() ? Mono.<Void>empty() : Mono.delay(wait).then(Mono.error(new Retry())))
                .retryWhen(reactor.util.retry.Retry.indefinitely().filter(Retry.class::isInstance));
    }

    private static final class Retry extends RuntimeException {
        Retry() {
            super(null, null, false, false);
        }
    }
}

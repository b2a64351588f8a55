package cn.hotline.gateway.ratelimit;

import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A token bucket per key in Redis, updated atomically by one Lua script that uses Redis's clock (so
 * several gateways share one bucket and their clocks do not matter). The bucket is a hash with the
 * token count and the last refill time, expiring once it would be full again.
 *
 * <p>The rate is the tenant's quota when the operator set one: tenant-service mirrors each tenant's limits into
 * the hash {@code t:{tenant}:quota} (field {@code limit:API_REQUESTS_PER_SECOND}); the bucket then holds two
 * seconds' worth. Without it, the configured limit applies. Read in the same script, so a changed quota takes
 * effect on the next request of any gateway.
 */
final class TokenBucket {

    static final String SCRIPT =
            """
            local key = KEYS[1]
            local rate = tonumber(ARGV[1])
            local capacity = tonumber(ARGV[2])
            local requested = tonumber(ARGV[3])
            local quota = tonumber(redis.call('HGET', KEYS[2], 'limit:API_REQUESTS_PER_SECOND') or '')
            if quota ~= nil and quota > 0 then
              rate = quota
              capacity = quota * 2
            end
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            local state = redis.call('HMGET', key, 'tokens', 'at')
            local tokens = tonumber(state[1])
            local at = tonumber(state[2])
            if tokens == nil or at == nil then
              tokens = capacity
              at = now
            end
            local elapsed = math.max(0, now - at)
            tokens = math.min(capacity, tokens + elapsed * rate / 1000)
            local allowed = 0
            local retry_ms = 0
            if tokens >= requested then
              tokens = tokens - requested
              allowed = 1
            else
              retry_ms = math.ceil((requested - tokens) * 1000 / rate)
            end
            redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', key, math.ceil(capacity * 1000 / rate) + 1000)
            return { allowed, retry_ms, rate, capacity }
            """;

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final RedisScript<List<Long>> TAKE = (RedisScript) RedisScript.of(SCRIPT, List.class);

    private final ReactiveStringRedisTemplate redis;

    TokenBucket(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
    }

    /**
     * Takes one token from {@code key}'s bucket, at the rate of the quota hash {@code quotaKey} if it has one, else
     * at {@code limit}: empty retry time if taken, else how long until one is there.
     */
    Mono<Taken> take(String key, String quotaKey, RateLimitProperties.Limit limit) {
        // Subscribed off the event loop: Lettuce opens its shared connection synchronously on first use (and again
        // after Redis was unreachable), which must not stall an event loop.
        return Flux.defer(() -> redis.execute(
                        TAKE,
                        List.of(key, quotaKey),
                        List.of(Integer.toString(limit.requestsPerSecond()), Integer.toString(limit.burst()), "1")))
                .subscribeOn(Schedulers.boundedElastic())
                .next()
                .map(result -> new Taken(
                        result.get(0) == 1L,
                        Duration.ofMillis(result.get(1)),
                        new RateLimitProperties.Limit(
                                result.get(2).intValue(), result.get(3).intValue())));
    }

    /**
     * @param allowed whether a token was taken
     * @param retryAfter when refused, how long until the next token
     * @param applied the rate and burst that applied (the tenant's quota or the configured limit)
     */
    record Taken(boolean allowed, Duration retryAfter, RateLimitProperties.Limit applied) {}
}

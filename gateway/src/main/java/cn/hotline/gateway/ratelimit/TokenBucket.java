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
 */
final class TokenBucket {

    static final String SCRIPT =
            """
            local key = KEYS[1]
            local rate = tonumber(ARGV[1])
            local capacity = tonumber(ARGV[2])
            local requested = tonumber(ARGV[3])
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
            return { allowed, retry_ms }
            """;

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final RedisScript<List<Long>> TAKE = (RedisScript) RedisScript.of(SCRIPT, List.class);

    private final ReactiveStringRedisTemplate redis;

    TokenBucket(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Takes one token from {@code key}'s bucket: empty retry time if taken, else how long until one is there. */
    Mono<Taken> take(String key, RateLimitProperties.Limit limit) {
        // Subscribed off the event loop: Lettuce opens its shared connection synchronously on first use (and again
        // after Redis was unreachable), which must not stall an event loop.
        return Flux.defer(() -> redis.execute(
                        TAKE,
                        List.of(key),
                        List.of(Integer.toString(limit.requestsPerSecond()), Integer.toString(limit.burst()), "1")))
                .subscribeOn(Schedulers.boundedElastic())
                .next()
                .map(result -> new Taken(result.get(0) == 1L, Duration.ofMillis(result.get(1))));
    }

    /**
     * @param allowed whether a token was taken
     * @param retryAfter when refused, how long until the next token
     */
    record Taken(boolean allowed, Duration retryAfter) {}
}

package cn.hotline.call.admission;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * The tenant's concurrent-call quota, counted per call: a sorted set {@code t:{tenant}:calls} holds each live call
 * with the time its entry expires (Redis time, so instance clocks do not matter). The instance handling a call renews
 * its entry while the call lives; a crashed instance stops renewing and its calls drop out after the TTL, so no quota
 * leaks. The limit is tenant-service's {@code limit:CONCURRENT_CALLS} in the hash {@code t:{tenant}:quota} (written by
 * its provisioning and quota API); a tenant it has blocked ({@code blocked}) takes no calls.
 *
 * <p>Why not tenant-service's {@code /internal/tenants/{t}/quotas/concurrent-calls/acquire|release}: that counter is
 * a plain number, and the release of a crashed instance never comes, so the tenant would lose capacity for good. It is
 * also one more HTTP hop on every call set-up. call-cloud therefore counts calls itself and only reads the limit.
 */
final class CallQuota {

    /** Outcome codes of the scripts. */
    static final long GRANTED = 1;

    static final long EXCEEDED = 0;
    static final long NO_LIMIT = -1;
    static final long BLOCKED = -2;

    private static final String FIELD = "limit:CONCURRENT_CALLS";

    private static final RedisScript<List> ACQUIRE = RedisScript.of(
            """
            local limit = redis.call('HGET', KEYS[1], ARGV[3])
            if not limit then return {-1, 0, 0} end
            limit = tonumber(limit)
            if redis.call('HEXISTS', KEYS[1], 'blocked') == 1 then return {-2, 0, limit} end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local ttl = tonumber(ARGV[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
            if redis.call('ZSCORE', KEYS[2], ARGV[1]) then
              redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
              return {1, redis.call('ZCARD', KEYS[2]), limit}
            end
            local used = redis.call('ZCARD', KEYS[2])
            if used >= limit then return {0, used, limit} end
            redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
            redis.call('PEXPIRE', KEYS[2], ttl * 2)
            return {1, used + 1, limit}
            """,
            List.class);

    private static final RedisScript<Long> RENEW = RedisScript.of(
            """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local ttl = tonumber(ARGV[2])
            local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
            if not score or tonumber(score) <= now then
              redis.call('ZREM', KEYS[1], ARGV[1])
              return 0
            end
            redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ttl * 2)
            return 1
            """,
            Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final Duration ttl;

    CallQuota(ReactiveStringRedisTemplate redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    /** The outcome code, the calls counted (with this one if granted) and the limit. */
    record Acquisition(long outcome, long used, long limit) {}

    Mono<Acquisition> acquire(TenantId tenant, CallId call) {
        return redis.execute(
                        ACQUIRE,
                        List.of(tenant.redisPrefix() + "quota", key(tenant)),
                        List.of(call.toString(), Long.toString(ttl.toMillis()), FIELD))
                .next()
                .map(result -> new Acquisition(
                        ((Number) result.get(0)).longValue(),
                        ((Number) result.get(1)).longValue(),
                        ((Number) result.get(2)).longValue()));
    }

    /** Extends the call's entry by another TTL; emits false if it had expired already (then it counts no more). */
    Mono<Boolean> renew(TenantId tenant, CallId call) {
        return redis.execute(RENEW, List.of(key(tenant)), List.of(call.toString(), Long.toString(ttl.toMillis())))
                .next()
                .map(changed -> changed > 0);
    }

    Mono<Void> release(TenantId tenant, CallId call) {
        return redis.opsForZSet().remove(key(tenant), call.toString()).then();
    }

    private static String key(TenantId tenant) {
        return tenant.redisPrefix() + "calls";
    }
}

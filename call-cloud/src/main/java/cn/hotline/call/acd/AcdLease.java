package cn.hotline.call.acd;

import cn.hotline.kernel.id.TenantId;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * The Redis lease that makes one instance the ACD writer of a tenant. Taking it is {@code SET NX PX} on
 * {@code t:{tenant}:acd:lease}; the winner gets a fencing token from {@code INCR t:{tenant}:acd:fence}, which only
 * ever grows, and stores {@code holder|token} as the lease value. Renewing and releasing compare that value, so a
 * writer whose lease expired and passed on cannot extend or drop its successor's.
 */
final class AcdLease {

    private static final RedisScript<Long> ACQUIRE = RedisScript.of(
            """
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              local token = redis.call('INCR', KEYS[2])
              redis.call('SET', KEYS[1], ARGV[1] .. '|' .. token, 'PX', ARGV[2])
              return token
            end
            return -1
            """,
            Long.class);

    private static final RedisScript<Long> RENEW = RedisScript.of(
            """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0
            """,
            Long.class);

    private static final RedisScript<Long> RELEASE = RedisScript.of(
            """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """,
            Long.class);

    /** A lease held: who holds it and the fencing token every write must carry. */
    record Held(TenantId tenant, String holder, long token) {
        String value() {
            return holder + "|" + token;
        }
    }

    private final ReactiveStringRedisTemplate redis;
    private final Duration ttl;

    AcdLease(ReactiveStringRedisTemplate redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    Duration ttl() {
        return ttl;
    }

    /** Takes the tenant's lease for {@code holder}, or completes empty while another instance holds it. */
    Mono<Held> acquire(TenantId tenant, String holder) {
        return redis.execute(ACQUIRE, List.of(leaseKey(tenant), fenceKey(tenant)), List.of(holder, millis()))
                .next()
                .filter(token -> token > 0)
                .map(token -> new Held(tenant, holder, token));
    }

    /** Extends the lease; false when it is no longer ours (expired, taken over), and the writer must stop deciding. */
    Mono<Boolean> renew(Held lease) {
        return redis.execute(RENEW, List.of(leaseKey(lease.tenant())), List.of(lease.value(), millis()))
                .next()
                .map(result -> result == 1L)
                .defaultIfEmpty(false);
    }

    Mono<Boolean> release(Held lease) {
        return redis.execute(RELEASE, List.of(leaseKey(lease.tenant())), List.of(lease.value()))
                .next()
                .map(result -> result == 1L)
                .defaultIfEmpty(false);
    }

    /** The instance holding the tenant's lease now; empty when none does. */
    Mono<String> holder(TenantId tenant) {
        return redis.opsForValue().get(leaseKey(tenant)).map(value -> {
            int bar = value.lastIndexOf('|');
            return bar < 0 ? value : value.substring(0, bar);
        });
    }

    private String millis() {
        return Long.toString(ttl.toMillis());
    }

    static String leaseKey(TenantId tenant) {
        return tenant.redisPrefix() + "acd:lease";
    }

    static String fenceKey(TenantId tenant) {
        return tenant.redisPrefix() + "acd:fence";
    }
}

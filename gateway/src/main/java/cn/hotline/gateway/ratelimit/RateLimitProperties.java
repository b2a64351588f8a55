package cn.hotline.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-tenant API rate limits ({@code cc.gateway.rate-limit}).
 *
 * @param enabled whether requests are limited at all
 * @param defaults the limit of a tenant without its own entry
 * @param tenants limits by tenant slug (later: from tenant-service's quotas)
 * @param onRedisFailure what happens when Redis does not answer within {@code redisTimeout}
 * @param redisTimeout how long a limit check may wait for Redis
 */
@ConfigurationProperties(prefix = "cc.gateway.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue Limit defaults,
        @DefaultValue Map<String, Limit> tenants,
        @DefaultValue("OPEN") FailurePolicy onRedisFailure,
        @DefaultValue("250ms") Duration redisTimeout) {

    public RateLimitProperties {
        tenants = Map.copyOf(tenants);
        if (redisTimeout.isZero() || redisTimeout.isNegative()) {
            throw new IllegalArgumentException("cc.gateway.rate-limit.redis-timeout must be positive");
        }
    }

    /** The limit of {@code tenant}. */
    public Limit limitOf(String tenant) {
        return tenants.getOrDefault(tenant, defaults);
    }

    /** Whether this tenant has an explicit limit here, which then wins over its quota from tenant-service. */
    public boolean overridden(String tenant) {
        return tenants.containsKey(tenant);
    }

    /**
     * A token bucket.
     *
     * @param requestsPerSecond sustained rate (bucket refill per second)
     * @param burst bucket size: how many requests may arrive at once after a quiet period
     */
    public record Limit(@DefaultValue("50") int requestsPerSecond, @DefaultValue("100") int burst) {
        public Limit {
            if (requestsPerSecond < 1 || burst < requestsPerSecond) {
                throw new IllegalArgumentException(
                        "a rate limit needs requests-per-second >= 1 and burst >= requests-per-second");
            }
        }
    }

    /** What a limit check does when Redis cannot answer. */
    public enum FailurePolicy {
        /** Let the request through (availability first: the services keep their own breakers). */
        OPEN,
        /** Refuse it with 503 {@code DEPENDENCY_DOWN}. */
        CLOSED
    }
}

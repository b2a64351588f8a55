package cn.hotline.tenant.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The tenant-events relay.
 *
 * @param topic where lifecycle events go; the message key is the tenant slug
 * @param relayEnabled whether this instance runs the relay at all (events are still written to the outbox)
 * @param pollInterval how often the relay looks for unsent events
 * @param batchSize events relayed per poll at most
 * @param lease how long one instance holds the relay before it must renew
 * @param initialBackoff the delay after a first failed publish; doubles per failure
 * @param maxBackoff the longest delay between attempts
 */
@Validated
@ConfigurationProperties(prefix = "cc.tenant.events")
public record TenantEventsProperties(
        String topic,
        boolean relayEnabled,
        Duration pollInterval,
        int batchSize,
        Duration lease,
        Duration initialBackoff,
        Duration maxBackoff) {

    public TenantEventsProperties {
        if (topic == null || topic.isBlank()) {
            topic = "persistent://public/default/platform.tenants";
        }
        pollInterval = positive(pollInterval, Duration.ofMillis(500), "poll-interval");
        if (batchSize <= 0) {
            batchSize = 100;
        }
        lease = positive(lease, Duration.ofSeconds(15), "lease");
        initialBackoff = positive(initialBackoff, Duration.ofSeconds(1), "initial-backoff");
        maxBackoff = positive(maxBackoff, Duration.ofMinutes(5), "max-backoff");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("cc.tenant.events.max-backoff must not be shorter than initial-backoff");
        }
        if (lease.compareTo(pollInterval.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("cc.tenant.events.lease must be at least three poll intervals");
        }
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("cc.tenant.events." + name + " must be positive");
        }
        return value;
    }

    /** The delay before attempt {@code failures + 1}: initial × 2^(failures − 1), capped at the maximum. */
    public Duration backoffAfter(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        int shift = Math.min(failures - 1, 30);
        long millis = initialBackoff.toMillis() << shift;
        return millis <= 0 || millis > maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(millis);
    }
}

package cn.hotline.ticket.ticket;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code cc.ticket.events}: the outbox relay of ticket events.
 *
 * @param topicPattern the tenant's topic; {@code {tenant}} is replaced by the tenant slug (its Pulsar tenant, provisioned by
 *     tenant-service with the namespace {@code tickets})
 * @param relayEnabled whether this instance relays at all (events are always written to the outbox)
 * @param pollInterval how often the relay looks for unsent events
 * @param batchSize events per tenant and poll at most
 * @param lease how long one instance holds the relay before it must renew
 * @param initialBackoff delay after a first failed publish; doubles per failure up to {@code maxBackoff}
 * @param sweepInterval how often the relay looks at every tenant's outbox (between sweeps only at tenants that wrote
 *     on this instance or still have a backlog)
 */
@Validated
@ConfigurationProperties(prefix = "cc.ticket.events")
public record TicketEventsProperties(
        String topicPattern,
        boolean relayEnabled,
        Duration pollInterval,
        int batchSize,
        Duration lease,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration sweepInterval) {

    public TicketEventsProperties {
        if (topicPattern == null || topicPattern.isBlank()) {
            topicPattern = "persistent://{tenant}/tickets/ticket-events";
        }
        if (!topicPattern.contains("{tenant}")) {
            throw new IllegalArgumentException("cc.ticket.events.topic-pattern must contain {tenant}");
        }
        pollInterval = positive(pollInterval, Duration.ofMillis(300));
        batchSize = batchSize <= 0 ? 200 : batchSize;
        lease = positive(lease, Duration.ofSeconds(15));
        initialBackoff = positive(initialBackoff, Duration.ofSeconds(1));
        maxBackoff = positive(maxBackoff, Duration.ofMinutes(5));
        sweepInterval = positive(sweepInterval, Duration.ofSeconds(5));
        if (lease.compareTo(pollInterval.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("cc.ticket.events.lease must be at least three poll intervals");
        }
    }

    private static Duration positive(Duration value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("cc.ticket.events durations must be positive");
        }
        return value;
    }

    public String topic(String tenant) {
        return topicPattern.replace("{tenant}", tenant);
    }

    /** The delay before attempt {@code failures + 1}. */
    public Duration backoffAfter(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        long millis = initialBackoff.toMillis() << Math.min(failures - 1, 30);
        return millis <= 0 || millis > maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(millis);
    }
}

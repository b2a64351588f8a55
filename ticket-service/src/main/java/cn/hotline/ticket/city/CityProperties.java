package cn.hotline.ticket.city;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The city 12345 exchange.
 *
 * @param tolerance how far {@code webhook-timestamp} may be from our clock (Standard Webhooks: 5 minutes)
 * @param topicPattern the tenant's outbound topic; {@code {tenant}} is replaced by the slug
 * @param relayEnabled whether this instance relays the outbox to Pulsar
 * @param relayInterval how often the relay looks for unsent changes
 * @param relayBatch changes relayed per tenant and poll at most
 * @param workerEnabled whether this instance runs the delivery worker
 * @param subscription the workers' shared Pulsar subscription
 * @param tenantRefresh how often the worker looks for tenants it does not consume yet
 * @param requestTimeout how long one delivery to the city may take
 * @param initialBackoff the delay after a first failed delivery; doubles per failure, with jitter
 * @param maxBackoff the longest delay between two attempts
 * @param maxAttempts attempts before a change goes to the dead-letter topic
 */
@Validated
@ConfigurationProperties(prefix = "cc.ticket.city")
public record CityProperties(
        Duration tolerance,
        String topicPattern,
        boolean relayEnabled,
        Duration relayInterval,
        int relayBatch,
        boolean workerEnabled,
        String subscription,
        Duration tenantRefresh,
        Duration requestTimeout,
        Duration initialBackoff,
        Duration maxBackoff,
        int maxAttempts) {

    public CityProperties {
        tolerance = positive(tolerance, WebhookSignatures.DEFAULT_TOLERANCE, "tolerance");
        if (topicPattern == null || topicPattern.isBlank()) {
            topicPattern = "persistent://{tenant}/city/outbound";
        }
        if (!topicPattern.contains("{tenant}")) {
            throw new IllegalArgumentException("cc.ticket.city.topic-pattern must contain {tenant}");
        }
        relayInterval = positive(relayInterval, Duration.ofMillis(500), "relay-interval");
        if (relayBatch <= 0) {
            relayBatch = 200;
        }
        if (subscription == null || subscription.isBlank()) {
            subscription = "city-delivery";
        }
        tenantRefresh = positive(tenantRefresh, Duration.ofSeconds(5), "tenant-refresh");
        requestTimeout = positive(requestTimeout, Duration.ofSeconds(10), "request-timeout");
        initialBackoff = positive(initialBackoff, Duration.ofSeconds(5), "initial-backoff");
        maxBackoff = positive(maxBackoff, Duration.ofMinutes(30), "max-backoff");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("cc.ticket.city.max-backoff must not be shorter than initial-backoff");
        }
        if (maxAttempts <= 0) {
            maxAttempts = 20;
        }
    }

    /** The outbound topic of a tenant. */
    public String topic(String tenant) {
        return topicPattern.replace("{tenant}", tenant);
    }

    public String retryTopic(String tenant) {
        return topic(tenant) + "-retry";
    }

    public String deadLetterTopic(String tenant) {
        return topic(tenant) + "-dlq";
    }

    /**
     * The delay before attempt {@code failures + 1}: initial × 2^(failures − 1), capped, then "equal jitter" (half
     * fixed, half random) so that many failed deliveries do not come back at the same instant.
     */
    public Duration backoffAfter(int failures, double random) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        int shift = Math.min(failures - 1, 30);
        long millis = initialBackoff.toMillis() << shift;
        long capped = millis <= 0 || millis > maxBackoff.toMillis() ? maxBackoff.toMillis() : millis;
        double unit = Math.max(0.0, Math.min(1.0, random));
        return Duration.ofMillis(capped / 2 + Math.round((capped / 2.0) * unit));
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("cc.ticket.city." + name + " must be positive");
        }
        return value;
    }
}

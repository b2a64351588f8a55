package cn.hotline.ticket.calls;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code cc.ticket.call-links}: consuming call-cloud's call events.
 *
 * @param enabled whether this instance consumes at all
 * @param topicPattern the tenant's call-event topic; {@code {tenant}} is replaced by the slug
 * @param subscription the durable subscription's name (failover: one instance reads a tenant's topic at a time, in
 *     order; another takes over when it goes)
 * @param tenantRefresh how often the consumer looks for tenants it does not consume yet
 * @param wrapUp after a call ends, how long a ticket its agent opens still counts as opened during the call (话后处理)
 * @param tenantsTopic tenant-service's lifecycle topic: a tenant activated or reactivated while this instance runs is
 *     consumed at once, before it has any ticket
 */
@Validated
@ConfigurationProperties(prefix = "cc.ticket.call-links")
public record CallLinksProperties(
        boolean enabled,
        String topicPattern,
        String subscription,
        Duration tenantRefresh,
        Duration wrapUp,
        String tenantsTopic) {

    public CallLinksProperties {
        if (topicPattern == null || topicPattern.isBlank()) {
            topicPattern = "persistent://{tenant}/calls/call-events";
        }
        if (!topicPattern.contains("{tenant}")) {
            throw new IllegalArgumentException("cc.ticket.call-links.topic-pattern must contain {tenant}");
        }
        if (subscription == null || subscription.isBlank()) {
            subscription = "ticket-service-call-links";
        }
        if (tenantRefresh == null || tenantRefresh.isNegative() || tenantRefresh.isZero()) {
            tenantRefresh = Duration.ofSeconds(10);
        }
        if (tenantsTopic == null || tenantsTopic.isBlank()) {
            tenantsTopic = "persistent://public/default/platform.tenants";
        }
        if (wrapUp == null || wrapUp.isNegative()) {
            wrapUp = Duration.ofMinutes(2);
        }
    }

    String topic(String tenant) {
        return topicPattern.replace("{tenant}", tenant);
    }
}

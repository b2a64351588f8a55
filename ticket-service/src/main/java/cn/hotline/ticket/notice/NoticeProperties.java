package cn.hotline.ticket.notice;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code cc.ticket.notices}: publishing notices.
 *
 * @param topicPattern the tenant's notices topic; {@code {tenant}} is replaced by the slug (namespace {@code notices})
 * @param relayEnabled whether this instance publishes (notices are always recorded)
 * @param pollInterval how often the relay looks at tenants that wrote notices on this instance lately
 * @param sweepInterval how often it looks at every tenant (notices written elsewhere, after a restart, retries)
 * @param batchSize notices per tenant and poll at most
 */
@Validated
@ConfigurationProperties(prefix = "cc.ticket.notices")
public record NoticeProperties(
        String topicPattern, boolean relayEnabled, Duration pollInterval, Duration sweepInterval, int batchSize) {

    public NoticeProperties {
        if (topicPattern == null || topicPattern.isBlank()) {
            topicPattern = "persistent://{tenant}/notices/notices";
        }
        if (!topicPattern.contains("{tenant}")) {
            throw new IllegalArgumentException("cc.ticket.notices.topic-pattern must contain {tenant}");
        }
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            pollInterval = Duration.ofMillis(500);
        }
        if (sweepInterval == null || sweepInterval.isNegative() || sweepInterval.isZero()) {
            sweepInterval = Duration.ofSeconds(10);
        }
        batchSize = batchSize <= 0 ? 100 : batchSize;
    }

    String topic(String tenant) {
        return topicPattern.replace("{tenant}", tenant);
    }
}

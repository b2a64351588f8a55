package cn.hotline.workforce.announcement;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code cc.workforce.announcement.*}.
 *
 * @param topicPattern where urgent announcements pop up (one topic per tenant)
 * @param jobInterval how often one instance (ShedLock in Redis) sends due pop-ups and cleans up
 * @param retention how long deleted and expired announcements stay before the clean-up removes them for good
 */
@Validated
@ConfigurationProperties("cc.workforce.announcement")
public record AnnouncementProperties(
        @DefaultValue("persistent://%s/notices/announcements") String topicPattern,
        @DefaultValue("true") boolean jobEnabled,
        @DefaultValue("PT10S") Duration jobInterval,
        @DefaultValue("P30D") Duration retention) {

    public String topic(String tenant) {
        return topicPattern.formatted(tenant);
    }
}

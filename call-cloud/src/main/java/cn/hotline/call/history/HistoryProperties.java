package cn.hotline.call.history;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Call records and call events ({@code cc.call.history}).
 *
 * @param topicPattern the tenant's call-event topic, {@code {tenant}} replaced by the slug
 * @param batch decisions folded or published per turn and tenant
 * @param eventsEnabled whether call events are published at all (call records always are kept)
 */
@ConfigurationProperties("cc.call.history")
public record HistoryProperties(
        @Nullable String topicPattern, @Nullable Integer batch, @Nullable Boolean eventsEnabled) {

    public HistoryProperties {
        topicPattern = topicPattern == null || topicPattern.isBlank()
                ? "persistent://{tenant}/calls/call-events"
                : topicPattern;
        if (!topicPattern.contains("{tenant}")) {
            throw new IllegalArgumentException("cc.call.history.topic-pattern must contain {tenant}");
        }
        batch = batch == null ? 1000 : batch;
        if (batch < 1 || batch > 10_000) {
            throw new IllegalArgumentException("cc.call.history.batch must be 1-10000");
        }
        eventsEnabled = eventsEnabled == null || eventsEnabled;
    }
}

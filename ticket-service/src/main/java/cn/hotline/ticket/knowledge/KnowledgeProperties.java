package cn.hotline.ticket.knowledge;

import cn.hotline.ticket.knowledge.search.Segmentation;
import java.time.Duration;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Knowledge-base settings ({@code cc.ticket.knowledge}).
 *
 * @param segmentation how Chinese is cut into index terms (BIGRAM chosen by measurement; SMARTCN available)
 * @param refreshInterval how often each loaded tenant's index is rebuilt from the database and swapped in, which
 *     brings in other instances' changes and fresh hot scores
 * @param hotHalfLife after this long a view or citation counts half in hot ranking
 * @param modelTimeout how long the tenant's generative model may take before the extractive answer stands alone
 * @param changeCheckInterval how often each loaded index compares a stamp of the tenant's entries and synonyms
 *     (count, last change) with the one it was built from, and is rebuilt when they differ — how soon another
 *     instance's change shows here
 * @param zone the zone whose calendar day validity dates are checked against
 */
@ConfigurationProperties("cc.ticket.knowledge")
public record KnowledgeProperties(
        @Nullable Segmentation segmentation,
        @Nullable Duration refreshInterval,
        @Nullable Duration hotHalfLife,
        @Nullable Duration modelTimeout,
        @Nullable Duration changeCheckInterval,
        @Nullable ZoneId zone) {

    public KnowledgeProperties {
        segmentation = segmentation == null ? Segmentation.DEFAULT : segmentation;
        refreshInterval = positive(refreshInterval, Duration.ofMinutes(5), "refresh-interval");
        hotHalfLife = positive(hotHalfLife, Duration.ofDays(7), "hot-half-life");
        modelTimeout = positive(modelTimeout, Duration.ofSeconds(20), "model-timeout");
        changeCheckInterval = positive(changeCheckInterval, Duration.ofSeconds(10), "change-check-interval");
        zone = zone == null ? ZoneId.of("Asia/Shanghai") : zone;
    }

    /** The settings' defaults. */
    public static KnowledgeProperties defaults() {
        return new KnowledgeProperties(null, null, null, null, null, null);
    }

    private static Duration positive(@Nullable Duration value, Duration fallback, String name) {
        Duration d = value == null ? fallback : value;
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("cc.ticket.knowledge." + name + " must be positive");
        }
        return d;
    }
}

package cn.hotline.call.report;

import java.time.Duration;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Call report defaults ({@code cc.call.report}); a request may choose otherwise.
 *
 * @param zone the time zone periods are cut in (China Standard Time)
 * @param shortAbandon callers who hang up within this wait are short abandons
 * @param shortAbandons whether short abandons count in offered and abandoned calls
 */
@ConfigurationProperties("cc.call.report")
public record ReportProperties(
        @Nullable ZoneId zone, @Nullable Duration shortAbandon, @Nullable ShortAbandons shortAbandons) {

    public ReportProperties {
        zone = zone == null ? ZoneId.of("Asia/Shanghai") : zone;
        shortAbandon = shortAbandon == null ? Duration.ofSeconds(5) : shortAbandon;
        shortAbandons = shortAbandons == null ? ShortAbandons.EXCLUDE : shortAbandons;
    }
}

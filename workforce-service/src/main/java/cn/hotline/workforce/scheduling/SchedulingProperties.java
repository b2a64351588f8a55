package cn.hotline.workforce.scheduling;

import java.time.ZoneId;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code cc.workforce.scheduling}.
 *
 * @param zone the zone rosters are written in (a shift 08:00-17:00 is local time there)
 * @param defaultMinStaff minimum agents per half hour until the tenant sets its own rules
 * @param defaultMinRestHours minimum rest between two shifts of one agent until the tenant sets its own
 * @param defaultAhtSeconds the handle time the forecast assumes where the history has no answered call
 */
@ConfigurationProperties("cc.workforce.scheduling")
public record SchedulingProperties(
        @Nullable ZoneId zone,
        @Nullable Integer defaultMinStaff,
        @Nullable Integer defaultMinRestHours,
        @Nullable Integer defaultAhtSeconds) {

    public SchedulingProperties {
        zone = zone == null ? ZoneId.of("Asia/Shanghai") : zone;
        defaultMinStaff = defaultMinStaff == null ? 0 : defaultMinStaff;
        defaultMinRestHours = defaultMinRestHours == null ? 11 : defaultMinRestHours;
        defaultAhtSeconds = defaultAhtSeconds == null ? 180 : defaultAhtSeconds;
        if (defaultMinStaff < 0 || defaultMinRestHours < 0 || defaultAhtSeconds < 1) {
            throw new IllegalArgumentException("cc.workforce.scheduling defaults must not be negative");
        }
    }
}

package cn.hotline.call.report;

import java.time.Duration;

/**
 * A tenant's own way of counting short abandons in its call reports: callers who hang up within {@code
 * shortAbandon} (0-60 s) are short abandons, left out of offered and abandoned calls or counted ({@code
 * shortAbandons}). Used when a report request names neither.
 */
public record ReportSettings(Duration shortAbandon, ShortAbandons shortAbandons) {

    public static final int MAX_SHORT_ABANDON_SECONDS = 60;

    public ReportSettings {
        if (shortAbandon == null || shortAbandon.isNegative() || shortAbandon.toSeconds() > MAX_SHORT_ABANDON_SECONDS) {
            throw new IllegalArgumentException("the short-abandon threshold is 0-60 seconds");
        }
        if (shortAbandons == null) {
            throw new IllegalArgumentException("short abandons are EXCLUDE or INCLUDE");
        }
    }
}

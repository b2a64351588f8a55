package cn.hotline.call.acd;

import java.time.Duration;

/**
 * A tenant's own choice of queue announcements: whether its waiting callers hear their position and estimated wait,
 * and how often (15-600 s). Without one, the platform's interval ({@code cc.call.session.announce-every}) applies.
 *
 * @param announcePosition false: waiting callers hear music only (no position, no estimated wait)
 * @param every the interval between announcements
 */
public record QueueAnnouncements(boolean announcePosition, Duration every) {

    public static final int MIN_SECONDS = 15;
    public static final int MAX_SECONDS = 600;

    public QueueAnnouncements {
        if (every == null || every.toSeconds() < MIN_SECONDS || every.toSeconds() > MAX_SECONDS) {
            throw new IllegalArgumentException(
                    "announcements come every " + MIN_SECONDS + "-" + MAX_SECONDS + " seconds");
        }
    }

    /** The interval the live call uses: zero (never) when the tenant wants no announcements. */
    public Duration interval() {
        return announcePosition ? every : Duration.ZERO;
    }
}

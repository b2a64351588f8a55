package cn.hotline.ticket.sla.domain;

import cn.hotline.ticket.ticket.domain.RequestKind;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The limits of one tenant and category. Which basis each limit counts in is fixed: {@code receive}, {@code
 * sign-for} and {@code dispatch} count clock time (minutes, nights and holidays included); {@code closing} counts
 * working days on the tenant's calendar.
 *
 * @param receive tickets not taken by phone (city platform, web, WeChat, app) get a first step from the centre within
 *     this (R-TKT-4: 1 hour)
 * @param signForUrgent an urgent ticket's main unit signs for within this after each dispatch or transfer (30 min)
 * @param signForNormal the same for normal tickets (24 h)
 * @param dispatch the centre dispatches or answers a ticket within this of intake (24 h)
 * @param closingDays working days from intake until the ticket is answered, by kind (consultation 3, complaint 5)
 * @param yellowPercent a running limit turns yellow once this share of its time is used, red once it is over
 */
public record SlaPolicy(
        Duration receive,
        Duration signForUrgent,
        Duration signForNormal,
        Duration dispatch,
        Map<RequestKind, Integer> closingDays,
        int yellowPercent) {

    public SlaPolicy {
        for (Duration d : new Duration[] {receive, signForUrgent, signForNormal, dispatch}) {
            if (d == null || d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(30)) > 0) {
                throw new IllegalArgumentException("clock limits must be between 1 minute and 30 days");
            }
        }
        Map<RequestKind, Integer> days = new EnumMap<>(RequestKind.class);
        for (RequestKind kind : RequestKind.values()) {
            int n = closingDays.getOrDefault(kind, 5);
            if (n < 1 || n > 60) {
                throw new IllegalArgumentException("closing days must be 1-60, not " + n + " for " + kind);
            }
            days.put(kind, n);
        }
        closingDays = Map.copyOf(days);
        if (yellowPercent < 1 || yellowPercent > 99) {
            throw new IllegalArgumentException("yellowPercent must be 1-99");
        }
    }

    /** R-TKT-4's limits. */
    public static SlaPolicy standard() {
        Map<RequestKind, Integer> days = new EnumMap<>(RequestKind.class);
        for (RequestKind kind : RequestKind.values()) {
            days.put(kind, 5);
        }
        days.put(RequestKind.CONSULTATION, 3);
        days.put(RequestKind.COMPLAINT, 5);
        return new SlaPolicy(
                Duration.ofHours(1), Duration.ofMinutes(30), Duration.ofHours(24), Duration.ofHours(24), days, 80);
    }
}

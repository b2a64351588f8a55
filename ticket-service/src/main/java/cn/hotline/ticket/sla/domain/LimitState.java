package cn.hotline.ticket.sla.domain;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One limit of one ticket.
 *
 * @param limit {@code receive}, {@code dispatch}, {@code sign-for} (one per dispatch or transfer), {@code closing}
 * @param basis {@code CLOCK} or {@code WORKING_DAYS}
 * @param metAt when the step that satisfies it happened; null while it runs (or when it no longer applies)
 * @param light GREEN / YELLOW / RED while running; null once met or cancelled
 */
public record LimitState(
        String limit,
        String basis,
        Instant startedAt,
        Instant dueAt,
        @Nullable Instant metAt,
        Outcome outcome,
        @Nullable Light light) {

    public enum Outcome {
        RUNNING,
        MET_ON_TIME,
        MET_LATE,
        /** No longer applies (the ticket was returned, merged, answered before the unit signed for it …). */
        CANCELLED
    }

    public enum Light {
        GREEN,
        YELLOW,
        RED
    }

    public boolean running() {
        return outcome == Outcome.RUNNING;
    }
}

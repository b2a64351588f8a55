package cn.hotline.call.acd;

import java.time.Duration;

/**
 * A tenant's wait limit in the queue (issue 4: "after a limit: voicemail or callback that keeps the caller's place"):
 * once a caller has waited {@code after} (30-3600 s), {@code action} applies. Without one, callers wait without limit.
 *
 * @param after how long a caller waits before the limit applies
 * @param action what happens then
 */
public record QueueLimit(Duration after, Action action) {

    public static final int MIN_SECONDS = 30;
    public static final int MAX_SECONDS = 3600;

    /** What a caller reaching the limit gets. */
    public enum Action {
        /** The caller leaves the queue and leaves a voicemail. */
        VOICEMAIL,
        /** The caller hangs up but its call stays queued in its place, to be called back. */
        CALLBACK,
        /** The caller chooses by DTMF: 1 callback, 2 voicemail, nothing keeps waiting. */
        CHOICE
    }

    public QueueLimit {
        if (after == null || after.toSeconds() < MIN_SECONDS || after.toSeconds() > MAX_SECONDS) {
            throw new IllegalArgumentException(
                    "the queue limit comes after " + MIN_SECONDS + "-" + MAX_SECONDS + " seconds");
        }
        if (action == null) {
            throw new IllegalArgumentException("the queue limit needs an action");
        }
    }
}

package cn.hotline.call.callback;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The must-call-back list ({@code cc.call.callback}).
 *
 * @param due how soon after the call a task should be done
 * @param shortAbandon callers who hang up within this wait are short abandons
 * @param includeShortAbandons whether short abandons get a task too (most centres do not call misdials back)
 * @param maxAttempts attempts before a task is closed with its last outcome
 * @param retryAfter how long a task waits after no answer or busy before it is open again
 * @param keptFor how long a kept callback (a caller at the wait limit who chose to be called back) keeps its place in
 *     the queue; after that, if no agent has got to it, it goes on the must-call-back list like a missed call
 * @param keptCheck how often each instance looks for kept callbacks that waited {@code keptFor}
 */
@ConfigurationProperties("cc.call.callback")
public record CallbackProperties(
        @Nullable Duration due,
        @Nullable Duration shortAbandon,
        @Nullable Boolean includeShortAbandons,
        @Nullable Integer maxAttempts,
        @Nullable Duration retryAfter,
        @Nullable Duration keptFor,
        @Nullable Duration keptCheck) {

    public CallbackProperties {
        due = due == null ? Duration.ofHours(2) : due;
        shortAbandon = shortAbandon == null ? Duration.ofSeconds(5) : shortAbandon;
        includeShortAbandons = includeShortAbandons != null && includeShortAbandons;
        maxAttempts = maxAttempts == null ? 3 : maxAttempts;
        retryAfter = retryAfter == null ? Duration.ofMinutes(30) : retryAfter;
        keptFor = keptFor == null ? Duration.ofHours(2) : keptFor;
        keptCheck = keptCheck == null ? Duration.ofSeconds(30) : keptCheck;
        if (keptFor.isNegative() || keptFor.isZero() || keptCheck.isNegative() || keptCheck.isZero()) {
            throw new IllegalArgumentException("cc.call.callback.kept-for and kept-check must be positive");
        }
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("cc.call.callback.max-attempts must be 1-10");
        }
    }
}

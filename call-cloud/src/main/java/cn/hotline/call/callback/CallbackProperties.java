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
 */
@ConfigurationProperties("cc.call.callback")
public record CallbackProperties(
        @Nullable Duration due,
        @Nullable Duration shortAbandon,
        @Nullable Boolean includeShortAbandons,
        @Nullable Integer maxAttempts,
        @Nullable Duration retryAfter) {

    public CallbackProperties {
        due = due == null ? Duration.ofHours(2) : due;
        shortAbandon = shortAbandon == null ? Duration.ofSeconds(5) : shortAbandon;
        includeShortAbandons = includeShortAbandons != null && includeShortAbandons;
        maxAttempts = maxAttempts == null ? 3 : maxAttempts;
        retryAfter = retryAfter == null ? Duration.ofMinutes(30) : retryAfter;
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("cc.call.callback.max-attempts must be 1-10");
        }
    }
}

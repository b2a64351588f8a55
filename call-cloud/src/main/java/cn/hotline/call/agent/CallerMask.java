package cn.hotline.call.agent;

import org.jspecify.annotations.Nullable;

/**
 * Masks a caller's number for an agent's screen after a reload ({@code getState}): the first three and the last four
 * digits stay for numbers of eleven or more characters (a mainland mobile {@code 138****5678}), only the last two for
 * shorter ones; withheld numbers stay null.
 */
final class CallerMask {

    private CallerMask() {}

    static @Nullable String mask(@Nullable String caller) {
        if (caller == null || caller.isBlank()) {
            return null;
        }
        int length = caller.length();
        if (length >= 11) {
            return caller.substring(0, 3) + "*".repeat(length - 7) + caller.substring(length - 4);
        }
        if (length > 2) {
            return "*".repeat(length - 2) + caller.substring(length - 2);
        }
        return "*".repeat(length);
    }
}

package cn.hotline.ticket.ticket.domain;

import org.jspecify.annotations.Nullable;

/** Shared validation of free text in commands and events. */
final class Texts {

    private Texts() {}

    static String required(String what, @Nullable String value, int max) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
        String stripped = value.strip();
        if (stripped.length() > max) {
            throw new IllegalArgumentException(what + " must be at most " + max + " characters");
        }
        return stripped;
    }

    static @Nullable String optional(String what, @Nullable String value, int max) {
        return value == null || value.isBlank() ? null : required(what, value, max);
    }
}

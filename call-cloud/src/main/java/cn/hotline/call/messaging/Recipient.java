package cn.hotline.call.messaging;

import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Whom an internal message is for: one person (by user id), a skill group, or everyone in the tenant.
 *
 * @param kind the kind of recipient
 * @param value the user id or the skill group; null for {@link Kind#ALL}
 */
public record Recipient(Kind kind, @Nullable String value) {

    /** Same rules as the ACD's agent and skill-group ids, so a recipient is always one the ACD could name. */
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private static final Pattern GROUP = Pattern.compile("[a-z0-9][a-z0-9_-]{0,47}");

    public enum Kind {
        AGENT,
        GROUP,
        ALL;

        /** The lower-case name used on the wire ({@code agent}, {@code group}, {@code all}). */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Recipient {
        if (kind == null) {
            throw new IllegalArgumentException("A recipient needs a kind: agent, group or all.");
        }
        switch (kind) {
            case ALL -> {
                if (value != null) {
                    throw new IllegalArgumentException("A message to all names no one in \"value\".");
                }
            }
            case AGENT -> {
                if (value == null || !USER.matcher(value).matches()) {
                    throw new IllegalArgumentException(
                            "\"to.value\" must be a user id: 1-64 of A-Z a-z 0-9 . _ - (got '" + value + "').");
                }
            }
            case GROUP -> {
                if (value == null || !GROUP.matcher(value).matches()) {
                    throw new IllegalArgumentException(
                            "\"to.value\" must be a skill group: 1-48 of a-z 0-9 _ - (got '" + value + "').");
                }
            }
        }
    }

    public static Recipient agent(String user) {
        return new Recipient(Kind.AGENT, user);
    }

    public static Recipient group(String group) {
        return new Recipient(Kind.GROUP, group);
    }

    public static Recipient all() {
        return new Recipient(Kind.ALL, null);
    }

    /** From the wire form {@code {kind, value}}; throws {@link IllegalArgumentException} with a readable reason. */
    public static Recipient parse(@Nullable String kind, @Nullable String value) {
        if (kind == null) {
            throw new IllegalArgumentException("\"to.kind\" must be agent, group or all.");
        }
        return switch (kind) {
            case "agent" -> agent(value == null ? "" : value);
            case "group" -> group(value == null ? "" : value);
            case "all" -> all();
            default ->
                throw new IllegalArgumentException("\"to.kind\" must be agent, group or all (got '" + kind + "').");
        };
    }
}

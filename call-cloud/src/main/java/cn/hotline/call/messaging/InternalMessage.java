package cn.hotline.call.messaging;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One internal message as stored and delivered.
 *
 * @param id UUIDv7, so ids sort by sending time
 * @param from the sender's user id
 * @param fromName the sender's display name, when the token carried one
 * @param to the recipient
 * @param text the message, 1 to {@link #MAX_LENGTH} characters, not blank
 * @param sentAt when the platform accepted it
 */
public record InternalMessage(
        UUID id, String from, @Nullable String fromName, Recipient to, String text, Instant sentAt) {

    public static final int MAX_LENGTH = 1000;

    public InternalMessage {
        if (from == null || from.isBlank()) {
            throw new IllegalArgumentException("A message needs a sender.");
        }
        requireValidText(text);
    }

    /** The rule for a message's text, also checked before anything is stored. */
    public static void requireValidText(@Nullable String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("\"text\" must not be empty.");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("\"text\" takes at most " + MAX_LENGTH + " characters.");
        }
    }
}

package cn.hotline.ticket.city;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A change the city platform must learn about (sign-for, progress, reply, closing …), as the ticket aggregate hands it
 * to {@link CityOutbox#enqueue}.
 *
 * @param idempotencyKey unique per change and tenant; the city sees at most one effect per key (also the {@code
 *     webhook-id} of every delivery attempt). A stable key such as {@code <ticket>:<ledger seq>} makes a repeated
 *     enqueue of the same change a no-op.
 * @param kind what happened
 * @param cityTicketNo the city's number of the ticket
 * @param ticketId our ticket id, if we have one
 * @param occurredAt when it happened
 * @param data further fields of the change (opinion text, unit name, …), JSON-friendly values
 */
public record CityChange(
        String idempotencyKey,
        Kind kind,
        String cityTicketNo,
        @Nullable String ticketId,
        Instant occurredAt,
        Map<String, Object> data) {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{8,128}");

    /** The changes the city expects back. */
    public enum Kind {
        SIGNED_FOR,
        PROGRESS,
        REPLIED,
        RETURNED,
        EXTENDED,
        CLOSED
    }

    public CityChange {
        if (idempotencyKey == null || !KEY.matcher(idempotencyKey).matches()) {
            throw new IllegalArgumentException("idempotencyKey must be 8-128 characters of A-Z a-z 0-9 . _ : -");
        }
        if (kind == null || occurredAt == null) {
            throw new IllegalArgumentException("a city change needs a kind and a time");
        }
        CityFields.requireText("cityTicketNo", cityTicketNo, 64);
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}

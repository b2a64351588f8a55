package cn.hotline.kernel.id;

import java.util.UUID;

/** Identifies a ticket (工单); a UUID, unique across tenants. */
public record TicketId(UUID value) {

    public TicketId {
        if (value == null) {
            throw new IllegalArgumentException("TicketId needs a value");
        }
    }

    public static TicketId random() {
        return new TicketId(Uuids.v7());
    }

    public static TicketId parse(String text) {
        try {
            return new TicketId(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("TicketId '" + text + "' is not a UUID", e);
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

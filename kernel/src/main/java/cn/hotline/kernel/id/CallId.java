package cn.hotline.kernel.id;

import java.util.UUID;

/** Identifies a call (one conversation, all its legs); a UUID, unique across tenants. */
public record CallId(UUID value) {

    public CallId {
        if (value == null) {
            throw new IllegalArgumentException("CallId needs a value");
        }
    }

    public static CallId random() {
        return new CallId(Uuids.v7());
    }

    public static CallId parse(String text) {
        try {
            return new CallId(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CallId '" + text + "' is not a UUID", e);
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

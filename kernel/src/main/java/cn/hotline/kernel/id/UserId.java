package cn.hotline.kernel.id;

import java.util.UUID;

/** Identifies a user account; a UUID, unique across tenants. */
public record UserId(UUID value) {

    public UserId {
        if (value == null) {
            throw new IllegalArgumentException("UserId needs a value");
        }
    }

    public static UserId random() {
        return new UserId(Uuids.v7());
    }

    public static UserId parse(String text) {
        try {
            return new UserId(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("UserId '" + text + "' is not a UUID", e);
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

package cn.hotline.call.admission;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One blacklisted caller: on a tenant's list or the platform's, until {@code expiresAt} (null: until removed). */
public record BlacklistEntry(
        UUID id,
        BlacklistScope scope,
        String number,
        String reason,
        @Nullable Instant expiresAt,
        Instant createdAt,
        String createdBy) {

    public BlacklistEntry {
        if (id == null || scope == null || number == null || reason == null || createdAt == null || createdBy == null) {
            throw new IllegalArgumentException("a blacklist entry needs id, scope, number, reason, creation");
        }
    }
}

package cn.hotline.tenant.audit;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An operator's time-limited permission to see one tenant's data, for a stated reason. */
public record SupportGrant(
        UUID id,
        String tenant,
        String operator,
        String reason,
        Instant grantedAt,
        Instant expiresAt,
        @Nullable Instant revokedAt) {

    public boolean activeAt(Instant now) {
        return revokedAt == null && !now.isBefore(grantedAt) && now.isBefore(expiresAt);
    }
}

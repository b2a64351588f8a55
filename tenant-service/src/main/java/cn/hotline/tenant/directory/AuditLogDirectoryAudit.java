package cn.hotline.tenant.directory;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.tenant.audit.AuditLog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Writes the directory's security events to the tenant's hash-chained audit log (actions {@code login.*}, {@code
 * user.created}, {@code user.roles-changed}, {@code client.secret-issued}). The platform tenant's events go to the
 * {@code platform} chain.
 */
@Component
final class AuditLogDirectoryAudit implements DirectoryAudit {

    private final AuditLog log;

    AuditLogDirectoryAudit(AuditLog log) {
        this.log = log;
    }

    private static @Nullable TenantId chain(String tenant) {
        return TenantStatusLookup.PLATFORM.equals(tenant) ? null : TenantId.of(tenant);
    }

    @Override
    public Mono<Void> login(String tenant, String username, @Nullable String userId, String outcome) {
        Map<String, Object> detail = new HashMap<>();
        detail.put("outcome", outcome);
        if (userId != null) {
            detail.put("userId", userId);
        }
        String actor = userId == null ? "anonymous" : "user:" + userId;
        String action = "login." + outcome.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        return log.record(chain(tenant), actor, action, "username:" + username, detail)
                .then();
    }

    @Override
    public Mono<Void> rolesChanged(
            String tenant, String actor, String userId, List<String> before, List<String> after) {
        return log.record(
                        chain(tenant),
                        actor,
                        "user.roles-changed",
                        "user:" + userId,
                        Map.of("before", before, "after", after))
                .then();
    }

    @Override
    public Mono<Void> clientSecretIssued(String tenant, String actor, String clientId) {
        return log.record(chain(tenant), actor, "client.secret-issued", "client:" + clientId, Map.of())
                .then();
    }

    @Override
    public Mono<Void> statusChanged(String tenant, String actor, String userId, String status) {
        return log.record(chain(tenant), actor, "user.status-changed", "user:" + userId, Map.of("status", status))
                .then();
    }

    @Override
    public Mono<Void> userCreated(String tenant, String actor, String userId, List<String> roles) {
        return log.record(chain(tenant), actor, "user.created", "user:" + userId, Map.of("roles", roles))
                .then();
    }
}

package cn.hotline.tenant.directory;

import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Where the directory reports security-relevant events: logins and permission changes, written to the
 * hash-chained audit log ({@link AuditLogDirectoryAudit}).
 */
public interface DirectoryAudit {

    /** A login attempt and its outcome ({@code SUCCEEDED}, {@code BAD_CREDENTIALS}, {@code LOCKED}, {@code LOCKED_NOW}). */
    Mono<Void> login(String tenant, String username, @Nullable String userId, String outcome);

    /** Roles of a user changed. */
    Mono<Void> rolesChanged(String tenant, String actor, String userId, List<String> before, List<String> after);

    /** An API client was created or its secret rotated. */
    Mono<Void> clientSecretIssued(String tenant, String actor, String clientId);

    /** A user was disabled or enabled again. */
    Mono<Void> statusChanged(String tenant, String actor, String userId, String status);

    /** A user account was created (by an admin, an import or provisioning). */
    Mono<Void> userCreated(String tenant, String actor, String userId, List<String> roles);
}

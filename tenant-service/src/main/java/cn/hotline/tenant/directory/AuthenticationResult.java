package cn.hotline.tenant.directory;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** What a login attempt comes to (ADR 0002 §3). */
public sealed interface AuthenticationResult {

    /** The password was right: the claims auth-server puts into the token. */
    record Authenticated(UUID userId, String tenant, @Nullable String scopeUnit, List<String> roles, String displayName)
            implements AuthenticationResult {
        public Authenticated {
            roles = List.copyOf(roles);
        }
    }

    /** Unknown user, wrong password or a disabled account: indistinguishable on purpose. */
    record BadCredentials() implements AuthenticationResult {}

    /** Locked after repeated failures; try again after {@code retryAfter}. */
    record Locked(Duration retryAfter) implements AuthenticationResult {}

    /** The tenant does not exist or is not active: it issues no tokens. */
    record UnknownTenant() implements AuthenticationResult {}
}

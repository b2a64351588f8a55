package cn.hotline.auth.directory;

/** What tenant-service says about a username and password (ADR 0002 §3). */
public sealed interface LoginOutcome {

    /** 200: the password matched. */
    record Authenticated(TenantUser user) implements LoginOutcome {}

    /** 401 {@code BAD_CREDENTIALS}: unknown user or wrong password (deliberately not told apart). */
    record BadCredentials() implements LoginOutcome {}

    /** 423 {@code ACCOUNT_LOCKED}: too many failures; try again after {@code retryAfterSeconds}. */
    record AccountLocked(long retryAfterSeconds) implements LoginOutcome {
        public AccountLocked {
            retryAfterSeconds = Math.max(1, retryAfterSeconds);
        }
    }

    /** 404: the tenant is unknown or not active. */
    record UnknownTenant() implements LoginOutcome {}
}

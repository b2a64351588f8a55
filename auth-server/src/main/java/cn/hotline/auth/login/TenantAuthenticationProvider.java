package cn.hotline.auth.login;

import cn.hotline.auth.directory.DirectoryUnavailableException;
import cn.hotline.auth.directory.LoginOutcome;
import cn.hotline.auth.directory.TenantDirectory;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;

/** Checks a login with tenant-service; auth-server holds no passwords. */
final class TenantAuthenticationProvider implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(TenantAuthenticationProvider.class);

    private final TenantDirectory directory;

    TenantAuthenticationProvider(TenantDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        TenantLoginRequest login = (TenantLoginRequest) authentication;
        if (login.username().isBlank() || login.password().isEmpty()) {
            throw new LoginRejected(LoginRejected.Reason.BAD_CREDENTIALS, 0);
        }
        LoginOutcome outcome;
        try {
            outcome = directory.authenticate(login.tenant(), login.username(), login.password());
        } catch (DirectoryUnavailableException e) {
            log.warn("login on {} refused, tenant-service unavailable: {}", login.tenant(), e.getMessage());
            throw new LoginRejected(LoginRejected.Reason.UNAVAILABLE, 0);
        }
        return switch (outcome) {
            case LoginOutcome.Authenticated(var user) -> {
                if (!user.tenant().equals(login.tenant().value())) {
                    log.error("tenant-service answered a login on {} with a user of {}", login.tenant(), user.tenant());
                    throw new LoginRejected(LoginRejected.Reason.UNAVAILABLE, 0);
                }
                log.info("login on {}: user {} signed in", login.tenant(), user.userId());
                yield user.toAuthentication(Instant.now());
            }
            case LoginOutcome.BadCredentials bad -> throw refused(login, LoginRejected.Reason.BAD_CREDENTIALS, 0);
            case LoginOutcome.AccountLocked(long retry) ->
                throw refused(login, LoginRejected.Reason.ACCOUNT_LOCKED, retry);
            case LoginOutcome.UnknownTenant unknown -> throw refused(login, LoginRejected.Reason.UNKNOWN_TENANT, 0);
        };
    }

    // tenant-service counts failures and keeps the audit trail of logins; this log is for operators
    private static LoginRejected refused(TenantLoginRequest login, LoginRejected.Reason reason, long retry) {
        log.info("login on {} refused: {}", login.tenant(), reason);
        return new LoginRejected(reason, retry);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return TenantLoginRequest.class.isAssignableFrom(authentication);
    }
}

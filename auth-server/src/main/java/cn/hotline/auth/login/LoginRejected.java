package cn.hotline.auth.login;

import org.springframework.security.core.AuthenticationException;

/** Why a login did not succeed; the login page shows a message for each reason. */
final class LoginRejected extends AuthenticationException {

    enum Reason {
        BAD_CREDENTIALS,
        ACCOUNT_LOCKED,
        UNKNOWN_TENANT,
        UNAVAILABLE,
        NOT_LINKED,
        FEDERATION_FAILED;

        String param() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Reason fromParam(String value) {
            for (Reason reason : values()) {
                if (reason.param().equals(value)) {
                    return reason;
                }
            }
            return BAD_CREDENTIALS;
        }
    }

    private final Reason reason;
    private final long retryAfterSeconds;

    LoginRejected(Reason reason, long retryAfterSeconds) {
        super(reason.name());
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    Reason reason() {
        return reason;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

package cn.hotline.kernel.problem;

import java.net.URI;
import java.util.Locale;

/**
 * Stable error codes that leave a service as RFC 9457 problem details. Clients match on {@link
 * #name()}; the HTTP status and title may be refined, the code never changes meaning. Each code
 * has a type URI {@code /problems/<code-in-kebab-case>} that documents the rule it enforces.
 */
public enum ProblemCode {
    VALIDATION_FAILED(400, "Request is not valid"),
    MALFORMED_REQUEST(400, "Request cannot be read"),
    BAD_CREDENTIALS(401, "Wrong username or password"),
    /** No valid credentials: a missing, expired or untrusted token, or a wrong internal token. */
    UNAUTHENTICATED(401, "Not authenticated"),
    /** Authenticated, but the caller's roles do not allow this operation. */
    FORBIDDEN(403, "Forbidden"),
    TENANT_REQUIRED(403, "No tenant bound"),
    TENANT_MISMATCH(403, "Tenant does not match the credentials"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    CONFLICT(409, "Conflicts with the current state"),
    ILLEGAL_TRANSITION(409, "Not allowed in the current state"),
    PAYLOAD_TOO_LARGE(413, "Request too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    ACCOUNT_LOCKED(423, "Account locked"),
    TENANT_QUOTA_EXCEEDED(429, "Tenant quota exceeded"),
    /** Too many requests (not a tenant quota); retry after the {@code Retry-After} header. */
    TOO_MANY_REQUESTS(429, "Too many requests"),
    INTERNAL_ERROR(500, "Internal error"),
    SERVICE_UNAVAILABLE(503, "Service unavailable"),
    DEPENDENCY_DOWN(503, "A dependency is down"),
    UPSTREAM_TIMEOUT(504, "Service did not answer in time");

    private final int status;
    private final String title;

    ProblemCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public URI type() {
        return URI.create("/problems/" + name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    /** The code for an HTTP status that reached us without one (framework errors, upstream answers). */
    public static ProblemCode forStatus(int status) {
        return switch (status) {
            case 400 -> MALFORMED_REQUEST;
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> TOO_MANY_REQUESTS;
            case 503 -> SERVICE_UNAVAILABLE;
            case 504 -> UPSTREAM_TIMEOUT;
            default -> status >= 500 ? INTERNAL_ERROR : MALFORMED_REQUEST;
        };
    }
}

package cn.hotline.call.admission;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import java.time.Duration;

/** What admission decided about a new inbound call; the SIP edge turns each into its SIP answer. */
public sealed interface AdmissionDecision {

    /** The call may go on: it counts against the tenant's quota from now until released. */
    record Admitted(TenantId tenant, CallId call) implements AdmissionDecision {}

    /** No tenant owns the called number (SIP 404). */
    record UnknownNumber(String called) implements AdmissionDecision {}

    /**
     * The caller is on the tenant's or the platform's blacklist (SIP 603); {@code announcement} is what the caller
     * hears first (early media), when the tenant wants one.
     */
    record Blacklisted(TenantId tenant, BlacklistScope scope, java.util.Optional<java.net.URI> announcement)
            implements AdmissionDecision {}

    /** The tenant already has as many calls as its quota allows (SIP 486 with Retry-After). */
    record OverQuota(TenantId tenant, long used, long limit, Duration retryAfter) implements AdmissionDecision {}

    /**
     * The call cannot be judged or the tenant takes no calls now: tenant-service or Redis unreachable, no quota
     * limit known, tenant suspended (SIP 503 with Retry-After). Fail closed: an unjudged call is not let in.
     */
    record Unavailable(String reason, Duration retryAfter) implements AdmissionDecision {}
}

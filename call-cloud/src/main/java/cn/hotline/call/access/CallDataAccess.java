package cn.hotline.call.access;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.security.Callers;
import cn.hotline.kernel.security.Role;
import reactor.core.publisher.Mono;

/**
 * Call records and call reports are for the tenant's supervisors and admins who see the whole tenant. Another tenant's
 * path is 404 (its existence is not revealed); a workstation-scoped caller is refused (403) until records carry the
 * workstation they belong to.
 */
public final class CallDataAccess {

    private CallDataAccess() {}

    /** The caller, when it may read the call data of {@code tenant}; otherwise a problem. */
    public static Mono<Caller> supervisorOf(String tenant) {
        return Callers.current()
                .switchIfEmpty(Mono.error(() -> new ProblemException(ProblemCode.UNAUTHENTICATED, "Sign in first.")))
                .flatMap(caller -> check(caller, tenant));
    }

    private static Mono<Caller> check(Caller caller, String tenant) {
        if (caller.isPlatform() || !caller.tenant().value().equals(tenant)) {
            return Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No such tenant."));
        }
        if (!caller.has(Role.SUPERVISOR) && !caller.has(Role.TENANT_ADMIN)) {
            return Mono.error(new ProblemException(
                    ProblemCode.FORBIDDEN, "Call records and reports are for supervisors and tenant admins."));
        }
        if (caller.scope().isPresent()) {
            return Mono.error(new ProblemException(
                    ProblemCode.FORBIDDEN,
                    "Call records are not yet kept per workstation; ask a user who sees the whole tenant."));
        }
        return Mono.just(caller);
    }
}

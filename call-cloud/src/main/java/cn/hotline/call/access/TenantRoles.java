package cn.hotline.call.access;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.security.Callers;
import cn.hotline.kernel.security.Role;
import java.util.Arrays;
import reactor.core.publisher.Mono;

/**
 * The caller of a {@code /tenants/{tenant}/**} request, if it holds one of the roles. The kernel chain has already
 * answered another tenant's caller with 404; here a missing role is 403 {@code FORBIDDEN}. Prompts, IVR trees and
 * routing rules belong to the whole tenant, so a caller narrowed to a workstation or handling unit is refused too
 * (403): a district workstation's admin must not change the city's call flow.
 */
public final class TenantRoles {

    private TenantRoles() {}

    public static Mono<TenantId> require(String tenant, Role... roles) {
        return Callers.current()
                .switchIfEmpty(Mono.error(() -> new ProblemException(ProblemCode.UNAUTHENTICATED, "Sign in first.")))
                .flatMap(caller -> allowed(caller, tenant, roles)
                        ? Mono.just(caller.tenant())
                        : Mono.error(new ProblemException(
                                ProblemCode.FORBIDDEN,
                                "This needs one of the roles " + Arrays.toString(roles)
                                        + " for the whole tenant (not narrowed to a workstation or unit).")));
    }

    private static boolean allowed(Caller caller, String tenant, Role... roles) {
        if (!caller.tenant().value().equals(tenant) || caller.scopeUnit() != null) {
            return false;
        }
        for (Role role : roles) {
            if (caller.has(role)) {
                return true;
            }
        }
        return false;
    }
}

package cn.hotline.tenant.directory;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.WorkstationId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The access rule of every tenant API in this service: the path's tenant must be the caller's (otherwise {@code 404},
 * never 403, ADR 0002 §1), and the caller's roles must grant the permission (otherwise {@code 403}). The answer
 * carries the tenant context to run the work in: narrowed to the caller's workstation when it has one.
 */
@Component
public final class Access {

    private final CallerSource callers;
    private final Roles roles;

    public Access(CallerSource callers, Roles roles) {
        this.callers = callers;
        this.roles = roles;
    }

    /** What an allowed request may do, and as whom. */
    public record Grant(String tenant, TenantContext context, String actor, @Nullable String scopeUnit) {

        /** Whether the caller sees the whole tenant (no workstation or unit scope). */
        public boolean tenantWide() {
            return scopeUnit == null;
        }
    }

    public Mono<Grant> require(String pathTenant, Permission permission) {
        return callers.current().flatMap(caller -> {
            if (!caller.tenant().equals(pathTenant)) {
                return Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No such tenant."));
            }
            TenantContext context = context(caller);
            return roles.permissionsOf(context, caller.roles())
                    .flatMap(granted -> granted.contains(permission)
                            ? Mono.just(new Grant(caller.tenant(), context, caller.subject(), caller.scopeUnit()))
                            : Mono.error(new ProblemException(
                                    ProblemCode.ACCESS_DENIED,
                                    "Your roles do not include the permission '" + permission.code() + "'.")));
        });
    }

    private static TenantContext context(DirectoryCaller caller) {
        TenantId tenant = TenantId.of(caller.tenant());
        String scope = caller.scopeUnit();
        if (scope != null && !scope.startsWith("unit:")) {
            return TenantContext.of(WorkstationId.of(scope));
        }
        // Unit users are narrowed by their roles (no directory permissions) and by ticket-service's own RLS.
        return TenantContext.of(tenant);
    }
}

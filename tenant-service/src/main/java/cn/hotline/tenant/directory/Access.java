package cn.hotline.tenant.directory;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.security.Callers;
import cn.hotline.kernel.tenancy.ScopeUnit;
import cn.hotline.kernel.tenancy.TenantContext;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The access rule of every tenant API in this service, on top of the kernel's resource-server chain (which already
 * answers 401 without a token and 404 for another tenant's path): the path's tenant must be the caller's (404 otherwise,
 * never 403, ADR 0002 §1), and the caller's roles must grant the permission (403 otherwise). The grant carries the
 * tenant context to run the work in, narrowed to the caller's workstation or unit when it has one.
 */
@Component
public final class Access {

    private final Roles roles;

    public Access(Roles roles) {
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
        return Callers.current()
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.UNAUTHENTICATED, "Sign in first: this request carries no verified token.")))
                .flatMap(caller -> check(caller, pathTenant, permission));
    }

    private Mono<Grant> check(Caller caller, String pathTenant, Permission permission) {
        if (caller.isPlatform() || !caller.tenant().value().equals(pathTenant)) {
            return Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No such tenant."));
        }
        TenantContext context = caller.tenantContext();
        List<String> codes = caller.roles().stream().map(Enum::name).toList();
        return roles.permissionsOf(context, codes)
                .flatMap(granted -> granted.contains(permission)
                        ? Mono.just(new Grant(
                                pathTenant,
                                context,
                                "user:" + caller.subject(),
                                caller.scope().map(ScopeUnit::value).orElse(null)))
                        : Mono.error(new ProblemException(
                                ProblemCode.FORBIDDEN,
                                "Your roles do not include the permission '" + permission.code() + "'.")));
    }
}

package cn.hotline.workforce.access;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.security.Callers;
import cn.hotline.kernel.security.Role;
import java.util.EnumSet;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * The check every workforce API starts with: a signed-in user of the path's tenant (401 without a token; 404 for a
 * platform caller or another tenant's user, so a tenant's existence does not leak), and where asked one of some roles
 * (403). Each feature's access class states its own rules on top.
 */
public final class TenantCallers {

    /** Supervisors and tenant admins: who manages the office's workforce modules. */
    public static final Set<Role> MANAGERS = EnumSet.of(Role.TENANT_ADMIN, Role.SUPERVISOR);

    private TenantCallers() {}

    /** The caller, if a signed-in user of {@code tenant}. */
    public static Mono<Caller> member(String tenant) {
        return Callers.current()
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.UNAUTHENTICATED, "Sign in first: this request carries no verified token.")))
                .flatMap(caller ->
                        caller.isPlatform() || !caller.tenant().value().equals(tenant)
                                ? Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No such tenant."))
                                : Mono.just(caller));
    }

    /** The caller, if a user of {@code tenant} with one of {@code roles}. */
    public static Mono<Caller> withAnyRole(String tenant, Set<Role> roles) {
        return withAnyRole(tenant, roles, "Not allowed: this needs one of the roles " + roles + ".");
    }

    /** The same, with the 403's own explanation. */
    public static Mono<Caller> withAnyRole(String tenant, Set<Role> roles, String refusal) {
        return member(tenant)
                .flatMap(caller -> hasAny(caller, roles)
                        ? Mono.just(caller)
                        : Mono.error(new ProblemException(ProblemCode.FORBIDDEN, refusal)));
    }

    public static boolean hasAny(Caller caller, Set<Role> roles) {
        return caller.roles().stream().anyMatch(roles::contains);
    }

    public static boolean isManager(Caller caller) {
        return hasAny(caller, MANAGERS);
    }
}

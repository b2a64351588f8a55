package cn.hotline.workforce.announcement;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.security.Callers;
import cn.hotline.kernel.security.Role;
import java.util.EnumSet;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * The path's tenant must be the caller's (404 otherwise). Publishing, deleting, receipts and the index rebuild need
 * {@code TENANT_ADMIN} or {@code SUPERVISOR}; reading, replying and notes any user of the tenant.
 */
final class BoardAccess {

    static final Set<Role> MANAGE = EnumSet.of(Role.TENANT_ADMIN, Role.SUPERVISOR);

    private BoardAccess() {}

    static Mono<Caller> user(String tenant) {
        return Callers.current()
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.UNAUTHENTICATED, "Sign in first: this request carries no verified token.")))
                .flatMap(caller ->
                        caller.isPlatform() || !caller.tenant().value().equals(tenant)
                                ? Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No such tenant."))
                                : Mono.just(caller));
    }

    static Mono<Caller> manager(String tenant) {
        return user(tenant)
                .flatMap(caller -> isManager(caller)
                        ? Mono.just(caller)
                        : Mono.error(new ProblemException(
                                ProblemCode.FORBIDDEN, "Not allowed: this needs one of the roles " + MANAGE + ".")));
    }

    static boolean isManager(Caller caller) {
        return caller.roles().stream().anyMatch(MANAGE::contains);
    }
}

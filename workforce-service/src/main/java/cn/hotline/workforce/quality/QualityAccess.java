package cn.hotline.workforce.quality;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.security.Callers;
import cn.hotline.kernel.security.Role;
import java.util.EnumSet;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Who may do what under {@code /tenants/{t}/quality}: the path's tenant must be the caller's (404 otherwise). Quality
 * staff ({@code SUPERVISOR}, {@code TENANT_ADMIN}) manage templates, sampling, moves, calibrations, appeal decisions
 * and reports, and inspect (an inspector is a supervisor's user id); agents read their own tasks and appeal.
 */
final class QualityAccess {

    static final Set<Role> STAFF = EnumSet.of(Role.SUPERVISOR, Role.TENANT_ADMIN);

    private QualityAccess() {}

    static Mono<Caller> staff(String tenant) {
        return caller(tenant)
                .flatMap(caller -> caller.roles().stream().anyMatch(STAFF::contains)
                        ? Mono.just(caller)
                        : Mono.error(new ProblemException(
                                ProblemCode.FORBIDDEN,
                                "Not allowed: this needs the role SUPERVISOR or TENANT_ADMIN.")));
    }

    /** Staff or agents (agents see only their own tasks). */
    static Mono<Caller> anyone(String tenant) {
        return caller(tenant)
                .flatMap(caller -> caller.roles().stream().anyMatch(STAFF::contains) || caller.has(Role.AGENT)
                        ? Mono.just(caller)
                        : Mono.error(new ProblemException(
                                ProblemCode.FORBIDDEN,
                                "Not allowed: quality inspection is for supervisors and agents.")));
    }

    static boolean isStaff(Caller caller) {
        return caller.roles().stream().anyMatch(STAFF::contains);
    }

    private static Mono<Caller> caller(String tenant) {
        return Callers.current()
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.UNAUTHENTICATED, "Sign in first: this request carries no verified token.")))
                .flatMap(caller ->
                        caller.isPlatform() || !caller.tenant().value().equals(tenant)
                                ? Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No such tenant."))
                                : Mono.just(caller));
    }
}

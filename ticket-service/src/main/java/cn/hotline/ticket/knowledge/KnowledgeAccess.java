package cn.hotline.ticket.knowledge;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.security.Callers;
import cn.hotline.kernel.security.Role;
import cn.hotline.ticket.knowledge.search.Viewer;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Who may do what in a tenant's knowledge base. Tenant admins and supervisors write and review; agents, ticket clerks
 * and unit users read (and keep personal entries); unit users answer the questions put to their unit. Another
 * tenant's path is 404, as if it did not exist.
 */
final class KnowledgeAccess {

    static final Set<Role> EDITORS = Set.of(Role.TENANT_ADMIN, Role.SUPERVISOR);
    static final Set<Role> READERS =
            Set.of(Role.TENANT_ADMIN, Role.SUPERVISOR, Role.AGENT, Role.TICKET_CLERK, Role.UNIT_USER);

    private KnowledgeAccess() {}

    /** The caller, when it is a reader of {@code tenant}'s knowledge base. */
    static Mono<Caller> reader(String tenant) {
        return caller(tenant)
                .flatMap(caller -> READERS.stream().anyMatch(caller::has)
                        ? Mono.just(caller)
                        : Mono.error(forbidden(
                                "Reading the knowledge base needs an agent, clerk, unit, supervisor or admin role.")));
    }

    /** The caller, when it may write and review {@code tenant}'s shared entries. */
    static Mono<Caller> editor(String tenant) {
        return caller(tenant)
                .flatMap(caller -> isEditor(caller)
                        ? Mono.just(caller)
                        : Mono.error(forbidden(
                                "Writing and reviewing knowledge entries is for supervisors and tenant admins.")));
    }

    static boolean isEditor(Caller caller) {
        return EDITORS.stream().anyMatch(caller::has);
    }

    static Viewer viewer(Caller caller) {
        return new Viewer(caller.subject(), caller.scope().map(Object::toString).orElse(null));
    }

    static ProblemException forbidden(String detail) {
        return new ProblemException(ProblemCode.FORBIDDEN, detail);
    }

    private static Mono<Caller> caller(String tenant) {
        return Callers.current()
                .switchIfEmpty(Mono.error(() -> new ProblemException(ProblemCode.UNAUTHENTICATED, "Sign in first.")))
                .flatMap(caller ->
                        caller.isPlatform() || !caller.tenant().value().equals(tenant)
                                ? Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No such tenant."))
                                : Mono.just(caller));
    }
}

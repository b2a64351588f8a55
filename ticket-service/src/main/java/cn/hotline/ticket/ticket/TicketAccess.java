package cn.hotline.ticket.ticket;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.security.Callers;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.tenancy.ScopeUnit;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.ticket.ticket.domain.Actor;
import cn.hotline.ticket.ticket.domain.UnitCode;
import java.util.EnumSet;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Who may do what on {@code /tenants/{t}/tickets}: the path's tenant must be the caller's (404 otherwise, never
 * 403); centre steps need a centre role; unit steps need a caller narrowed to a handling unit ({@code unit:<code>}).
 * The grant carries the tenant context (narrowed like the caller, so row-level security shows a unit only its
 * tickets) and the actor recorded in the ledger.
 */
public final class TicketAccess {

    /** Roles that take in, answer and call back. */
    public static final Set<Role> INTAKE =
            EnumSet.of(Role.TENANT_ADMIN, Role.SUPERVISOR, Role.TICKET_CLERK, Role.AGENT);

    /** Roles that dispatch, review, supervise, close and archive. */
    public static final Set<Role> CENTRE = EnumSet.of(Role.TENANT_ADMIN, Role.SUPERVISOR, Role.TICKET_CLERK);

    /** Centre roles that may read configuration. */
    public static final Set<Role> READ_CENTRE =
            EnumSet.of(Role.TENANT_ADMIN, Role.SUPERVISOR, Role.TICKET_CLERK, Role.AGENT);

    /** Everyone who may read tickets (units read only their own). */
    public static final Set<Role> READ =
            EnumSet.of(Role.TENANT_ADMIN, Role.SUPERVISOR, Role.TICKET_CLERK, Role.AGENT, Role.UNIT_USER);

    private TicketAccess() {}

    /** What an allowed request runs as. */
    public record Grant(Caller caller, TenantContext context, Actor actor) {}

    /** A centre step: one of {@code roles}, not narrowed to a handling unit. */
    public static Mono<Grant> centre(String tenant, Set<Role> roles) {
        return caller(tenant).flatMap(caller -> {
            if (caller.scope().filter(ScopeUnit::isHandlingUnit).isPresent() || !hasAny(caller, roles)) {
                return Mono.error(forbidden("this step needs one of the roles " + roles));
            }
            return Mono.just(new Grant(caller, caller.tenantContext(), Actor.centre("user:" + caller.subject())));
        });
    }

    /** A unit step: a caller narrowed to a handling unit. */
    public static Mono<Grant> unit(String tenant) {
        return caller(tenant).flatMap(caller -> {
            var code = caller.scope().flatMap(ScopeUnit::unitCode);
            if (code.isEmpty() || !caller.has(Role.UNIT_USER)) {
                return Mono.error(forbidden("this step is a handling unit's (role UNIT_USER, scope unit:<code>)"));
            }
            return Mono.just(new Grant(
                    caller, caller.tenantContext(), Actor.unit("user:" + caller.subject(), UnitCode.of(code.get()))));
        });
    }

    /** Reading: any ticket role; a unit's user is narrowed by row-level security. */
    public static Mono<Grant> read(String tenant) {
        return caller(tenant).flatMap(caller -> {
            if (!hasAny(caller, READ)) {
                return Mono.error(forbidden("reading tickets needs one of the roles " + READ));
            }
            var code = caller.scope().flatMap(ScopeUnit::unitCode);
            Actor actor = code.isPresent()
                    ? Actor.unit("user:" + caller.subject(), UnitCode.of(code.get()))
                    : Actor.centre("user:" + caller.subject());
            return Mono.just(new Grant(caller, caller.tenantContext(), actor));
        });
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

    private static boolean hasAny(Caller caller, Set<Role> roles) {
        return caller.roles().stream().anyMatch(roles::contains);
    }

    private static ProblemException forbidden(String why) {
        return new ProblemException(ProblemCode.FORBIDDEN, "Not allowed: " + why + ".");
    }
}

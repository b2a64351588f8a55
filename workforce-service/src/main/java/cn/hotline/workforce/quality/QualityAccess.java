package cn.hotline.workforce.quality;

import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.security.Role;
import cn.hotline.workforce.access.TenantCallers;
import java.util.EnumSet;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Who may do what under {@code /tenants/{t}/quality}: the path's tenant must be the caller's (404 otherwise). Quality
 * staff ({@code SUPERVISOR}, {@code TENANT_ADMIN}) manage templates, sampling, moves, calibrations, appeal decisions
 * and reports, and inspect (an inspector is a supervisor's user id); agents read their own tasks and appeal.
 */
final class QualityAccess {

    static final Set<Role> STAFF = TenantCallers.MANAGERS;
    static final Set<Role> STAFF_OR_AGENT = EnumSet.of(Role.SUPERVISOR, Role.TENANT_ADMIN, Role.AGENT);

    private QualityAccess() {}

    static Mono<Caller> staff(String tenant) {
        return TenantCallers.withAnyRole(tenant, STAFF, "Not allowed: this needs the role SUPERVISOR or TENANT_ADMIN.");
    }

    /** Staff or agents (agents see only their own tasks). */
    static Mono<Caller> anyone(String tenant) {
        return TenantCallers.withAnyRole(
                tenant, STAFF_OR_AGENT, "Not allowed: quality inspection is for supervisors and agents.");
    }

    static boolean isStaff(Caller caller) {
        return TenantCallers.hasAny(caller, STAFF);
    }
}

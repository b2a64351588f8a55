package cn.hotline.workforce.training;

import cn.hotline.kernel.security.Caller;
import cn.hotline.workforce.access.TenantCallers;
import reactor.core.publisher.Mono;

/**
 * The path's tenant must be the caller's (404 otherwise). Courses, the bank, papers, manual scoring and results need
 * {@code TENANT_ADMIN} or {@code SUPERVISOR}; reading courses and taking exams any user of the tenant.
 */
final class TrainingAccess {

    private TrainingAccess() {}

    static Mono<Caller> user(String tenant) {
        return TenantCallers.member(tenant);
    }

    static Mono<Caller> manager(String tenant) {
        return TenantCallers.withAnyRole(tenant, TenantCallers.MANAGERS);
    }

    static boolean isManager(Caller caller) {
        return TenantCallers.isManager(caller);
    }
}

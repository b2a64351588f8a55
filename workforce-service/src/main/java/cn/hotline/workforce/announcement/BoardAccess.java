package cn.hotline.workforce.announcement;

import cn.hotline.kernel.security.Caller;
import cn.hotline.workforce.access.TenantCallers;
import reactor.core.publisher.Mono;

/**
 * The path's tenant must be the caller's (404 otherwise). Publishing, deleting, receipts and the index rebuild need
 * {@code TENANT_ADMIN} or {@code SUPERVISOR}; reading, replying and notes any user of the tenant.
 */
final class BoardAccess {

    private BoardAccess() {}

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

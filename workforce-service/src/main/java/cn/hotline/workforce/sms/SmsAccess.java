package cn.hotline.workforce.sms;

import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.security.Role;
import cn.hotline.workforce.access.TenantCallers;
import java.util.EnumSet;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Who may do what under {@code /tenants/{t}/sms}: the path's tenant must be the caller's (404 otherwise); settings,
 * templates and batches need {@code TENANT_ADMIN} or {@code SUPERVISOR}; one message and queries also
 * {@code TICKET_CLERK} and {@code AGENT}.
 */
final class SmsAccess {

    static final Set<Role> MANAGE = EnumSet.of(Role.TENANT_ADMIN, Role.SUPERVISOR);
    static final Set<Role> SEND = EnumSet.of(Role.TENANT_ADMIN, Role.SUPERVISOR, Role.TICKET_CLERK, Role.AGENT);

    private SmsAccess() {}

    static Mono<Caller> require(String tenant, Set<Role> roles) {
        return TenantCallers.withAnyRole(tenant, roles);
    }
}

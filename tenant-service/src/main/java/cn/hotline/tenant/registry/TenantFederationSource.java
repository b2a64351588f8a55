package cn.hotline.tenant.registry;

import cn.hotline.kernel.id.TenantId;
import reactor.core.publisher.Mono;

/**
 * Where {@code GET /internal/tenants/{tenant}} gets the {@code federation} field from (R-TEN-4): the tenant's upstream
 * identity provider, serialised as auth-server expects it. Empty when the tenant signs in locally.
 */
public interface TenantFederationSource {

    Mono<Object> federationOf(TenantId tenant);
}

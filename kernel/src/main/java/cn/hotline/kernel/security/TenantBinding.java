package cn.hotline.kernel.security;

import cn.hotline.kernel.tenancy.Tenancy;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Binds the authenticated caller's {@link cn.hotline.kernel.tenancy.TenantContext} (tenant and scope
 * unit, or platform work for the operator) in the Reactor Context for the rest of the request, so the
 * R2DBC tenant guard sets {@code app.tenant_id} and {@code app.scope_unit}. Runs after authorization,
 * which has already refused a path tenant that is not the caller's.
 */
final class TenantBinding implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith("/tenants/") && !path.startsWith("/platform/")) {
            return chain.filter(exchange); // open paths bind nothing, even when a token came along
        }
        return Callers.current()
                .map(caller -> chain.filter(exchange).contextWrite(Tenancy.bind(caller.tenantContext())))
                .defaultIfEmpty(Mono.defer(() -> chain.filter(exchange)))
                .flatMap(work -> work);
    }
}

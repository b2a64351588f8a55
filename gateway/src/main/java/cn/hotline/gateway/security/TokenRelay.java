package cn.hotline.gateway.security;

import cn.hotline.kernel.security.CallerAuthentication;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Relays the caller's access token to the service. A bearer client's own {@code Authorization} header is
 * forwarded as it came; for a console user the session's (refreshed) access token is added, and the
 * browser's cookies are not forwarded — the services have no use for the session id.
 */
final class TokenRelay implements GlobalFilter, Ordered {

    /** After the trust boundary, before routing. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
            return chain.filter(exchange);
        }
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(SecurityContext::getAuthentication)
                .filter(CallerAuthentication.class::isInstance)
                .cast(CallerAuthentication.class)
                .map(caller -> exchange.mutate()
                        .request(request -> request.headers(headers -> {
                            headers.setBearerAuth(caller.getToken().getTokenValue());
                            headers.remove(HttpHeaders.COOKIE);
                        }))
                        .build())
                .defaultIfEmpty(exchange)
                .flatMap(chain::filter);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}

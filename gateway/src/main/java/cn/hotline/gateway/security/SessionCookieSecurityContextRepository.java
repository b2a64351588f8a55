package cn.hotline.gateway.security;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The console's security context lives in its Redis-backed session; bearer clients (the city platform) and
 * requests without the session cookie have none, so their requests never look a session up. Without this every
 * bearer request would create a throw-away session — Spring Session's reactive Redis repository does that on a
 * worker pool — which cost most of the gateway's throughput (benchmarks/README.md).
 */
final class SessionCookieSecurityContextRepository implements ServerSecurityContextRepository {

    private final ServerSecurityContextRepository sessions = new WebSessionServerSecurityContextRepository();
    private final String sessionCookie;

    SessionCookieSecurityContextRepository(String sessionCookie) {
        this.sessionCookie = sessionCookie;
    }

    @Override
    public Mono<Void> save(ServerWebExchange exchange, SecurityContext context) {
        return sessions.save(exchange, context);
    }

    @Override
    public Mono<SecurityContext> load(ServerWebExchange exchange) {
        if (!exchange.getRequest().getCookies().containsKey(sessionCookie) || bearer(exchange)) {
            return Mono.empty();
        }
        return sessions.load(exchange);
    }

    private static boolean bearer(ServerWebExchange exchange) {
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }
}

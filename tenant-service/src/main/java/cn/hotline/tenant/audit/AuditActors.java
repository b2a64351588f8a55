package cn.hotline.tenant.audit;

import java.security.Principal;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Who an audit entry names as actor for a web request: the authenticated principal, else {@code anonymous}. */
public final class AuditActors {

    private AuditActors() {}

    public static Mono<String> of(ServerWebExchange exchange) {
        return exchange.getPrincipal().map(Principal::getName).defaultIfEmpty("anonymous");
    }

    /** The actor of work the service does by itself. */
    public static String system(String component) {
        return "system:" + component;
    }
}

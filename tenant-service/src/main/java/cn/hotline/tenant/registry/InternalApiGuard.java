package cn.hotline.tenant.registry;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Admits requests to {@code /internal/**} only with the header {@code X-Internal-Token} equal to
 * {@code cc.tenant.internal-token} (ADR 0002 §1; the gateway never routes these paths). A missing or wrong token is
 * answered 404, as if the path did not exist.
 */
@Component
class InternalApiGuard implements WebFilter, Ordered {

    static final String HEADER = "X-Internal-Token";

    private final byte[] token;

    InternalApiGuard(RegistryProperties properties) {
        this.token = properties.internalToken().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getPath().value().startsWith("/internal/")) {
            return chain.filter(exchange);
        }
        @Nullable String presented = exchange.getRequest().getHeaders().getFirst(HEADER);
        if (presented == null || !MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            return Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "Not found."));
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }
}

package cn.hotline.tenant.directory;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Guards {@code /internal/**} (ADR 0002 §1): only callers presenting {@code X-Internal-Token} equal to {@code
 * CC_INTERNAL_TOKEN} pass (constant-time comparison). Policy when the token is not configured: fail closed — every
 * internal call is answered 401, and a warning says why.
 */
@Component
final class InternalTokenFilter implements WebFilter {

    static final String HEADER = "X-Internal-Token";
    private static final Logger log = LoggerFactory.getLogger(InternalTokenFilter.class);

    private final byte @Nullable [] token;

    InternalTokenFilter(DirectoryProperties properties) {
        this.token = properties.internalToken().isBlank()
                ? null
                : properties.internalToken().getBytes(StandardCharsets.UTF_8);
        if (token == null) {
            log.warn("cc.tenant.directory.internal-token (CC_INTERNAL_TOKEN) is not set: /internal/** refuses every"
                    + " call, so auth-server cannot sign anyone in");
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getPath().value().startsWith("/internal/")) {
            return chain.filter(exchange);
        }
        String presented = exchange.getRequest().getHeaders().getFirst(HEADER);
        if (token == null
                || presented == null
                || !MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            return Mono.error(new ProblemException(
                    ProblemCode.AUTHENTICATION_REQUIRED, "internal API: a valid " + HEADER + " is required"));
        }
        return chain.filter(exchange);
    }
}

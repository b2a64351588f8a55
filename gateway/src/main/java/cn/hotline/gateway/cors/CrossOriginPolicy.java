package cn.hotline.gateway.cors;

import cn.hotline.gateway.GatewayProperties;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Fail closed for browsers on other origins: the console is served by the gateway itself, so a cross-origin request
 * (an {@code Origin} that is not the gateway's own) is refused with a 403 problem detail before it reaches any route,
 * unless its origin is listed in {@code cc.gateway.cors.allowed-origins}. Refusing, rather than merely leaving out the
 * {@code Access-Control-Allow-Origin} header, also stops "simple" cross-site POSTs from reaching a service. Same-origin
 * requests and requests without {@code Origin} (non-browser clients) pass untouched.
 */
final class CrossOriginPolicy implements WebFilter, Ordered {

    /** Right after the kernel's request-id filter, so a refusal carries the request id. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

    private static final Logger log = LoggerFactory.getLogger(CrossOriginPolicy.class);

    private final @Nullable CorsConfiguration allowed;
    private final CorsProcessor processor = new DefaultCorsProcessor();
    private final Counter refused;

    CrossOriginPolicy(GatewayProperties.Cors settings, MeterRegistry meters) {
        this.allowed = settings.allowedOrigins().isEmpty() ? null : configuration(settings);
        this.refused = Counter.builder("gateway.cors.refused")
                .description("Cross-origin requests refused")
                .register(meters);
        if (allowed == null) {
            log.info("CORS: every cross-origin request is refused (cc.gateway.cors.allowed-origins is empty)");
        } else {
            log.info("CORS: cross-origin requests allowed only from {}", settings.allowedOrigins());
        }
    }

    private static CorsConfiguration configuration(GatewayProperties.Cors settings) {
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(settings.allowedOrigins());
        configuration.setAllowedMethods(settings.allowedMethods());
        configuration.addAllowedHeader(CorsConfiguration.ALL);
        configuration.addExposedHeader("X-Request-Id");
        configuration.setAllowCredentials(true);
        configuration.setMaxAge(settings.maxAge());
        return configuration;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!CorsUtils.isCorsRequest(request)) {
            return chain.filter(exchange);
        }
        String origin = request.getHeaders().getOrigin();
        if (allowed == null || allowed.checkOrigin(origin) == null) {
            return refuse(exchange, origin, "origin not allowed");
        }
        if (!processor.process(allowed, exchange)) {
            return refuse(exchange, origin, "method or headers not allowed");
        }
        if (CorsUtils.isPreFlightRequest(request)) {
            return Mono.empty(); // answered: the processor wrote the Access-Control-Allow-* headers
        }
        return chain.filter(exchange);
    }

    private Mono<Void> refuse(ServerWebExchange exchange, @Nullable String origin, String reason) {
        refused.increment();
        // Counted, and only debug-logged: any web page can make browsers send these.
        log.debug(
                "CORS: refused {} {} from origin {} ({})",
                exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(),
                origin,
                reason);
        return Mono.error(new ProblemException(
                ProblemCode.FORBIDDEN,
                "Cross-origin requests to this gateway are not allowed from the calling page's origin. Open the"
                        + " console from the gateway's own address, or ask the operator to allow your origin."));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}

package cn.hotline.gateway.routing;

import cn.hotline.kernel.problem.ProblemException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Guards the calls to one backend service. Fail closed: when the service cannot be reached, does not start answering
 * within its time limit, or its circuit breaker is open, the client gets a problem detail from the gateway
 * ({@code SERVICE_UNAVAILABLE} 503 or {@code UPSTREAM_TIMEOUT} 504) instead of a hanging or half-open connection; each
 * such answer is logged and counted ({@code gateway.upstream.failures}). Errors that are not the service's fault pass
 * through unchanged and do not count against it.
 *
 * <p>The guarded part of the chain ends when the service's response headers arrive (the body is streamed afterwards
 * by the gateway's response writer), so the breaker sees the service's latency to its first answer, and the time
 * limit, enforced by the routing filter from the route's {@code response-timeout}, never cuts a long download.
 */
final class UpstreamGuard implements GatewayFilter {

    private static final Logger log = LoggerFactory.getLogger(UpstreamGuard.class);

    private final String service;
    private final Duration timeout;
    private final @Nullable CircuitBreaker breaker;
    private final Map<UpstreamFailure, Counter> failures = new EnumMap<>(UpstreamFailure.class);

    /**
     * @param breaker the service's circuit breaker; null for long-lived connections (WebSocket), whose duration says
     *     nothing about the service's health
     */
    UpstreamGuard(String service, Duration timeout, @Nullable CircuitBreaker breaker, MeterRegistry meters) {
        this.service = service;
        this.timeout = timeout;
        this.breaker = breaker;
        for (UpstreamFailure failure : UpstreamFailure.values()) {
            failures.put(
                    failure,
                    Counter.builder("gateway.upstream.failures")
                            .description("Requests the gateway answered itself because a service failed")
                            .tag("service", service)
                            .tag("outcome", failure.tag())
                            .register(meters));
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Mono<Void> call = chain.filter(exchange);
        if (breaker != null) {
            call = call.transform(CircuitBreakerOperator.of(breaker));
        }
        return call.onErrorMap(error -> translate(exchange, error));
    }

    private Throwable translate(ServerWebExchange exchange, Throwable error) {
        Optional<UpstreamFailure> failure = UpstreamFailure.of(error);
        if (failure.isEmpty()) {
            return error;
        }
        UpstreamFailure kind = failure.get();
        failures.get(kind).increment();
        if (kind == UpstreamFailure.CIRCUIT_OPEN) {
            // The transition to OPEN was logged once; each refused call is only counted.
            log.debug(
                    "{} {} {}: not called, circuit open",
                    service,
                    exchange.getRequest().getMethod(),
                    path(exchange));
        } else {
            log.warn(
                    "{} {} {} failed ({}), answering {}: {}",
                    service,
                    exchange.getRequest().getMethod(),
                    path(exchange),
                    kind.tag(),
                    kind.code().status(),
                    error.toString());
        }
        return new ProblemException(kind.code(), kind.detail(service, timeout), Map.of("service", service));
    }

    private static String path(ServerWebExchange exchange) {
        return exchange.getRequest().getPath().value();
    }

    @Override
    public String toString() {
        return "UpstreamGuard[" + service + ", timeout " + timeout + (breaker == null ? ", no breaker]" : "]");
    }
}

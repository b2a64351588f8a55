package cn.hotline.gateway.routing;

import cn.hotline.gateway.GatewayProperties;
import cn.hotline.gateway.GatewayProperties.Upstream;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;

/**
 * Builds the routes from {@code cc.gateway.services}: for each service, its API prefix (removed before forwarding),
 * its pass-through prefixes and its WebSocket prefixes (both forwarded unchanged). Every route but the WebSocket ones
 * shares the service's circuit breaker and time limit.
 */
final class ServiceRoutes {

    /** After StripPrefix (route filters without an order get 1, 2, ...), before the request URL is resolved. */
    static final int GUARD_ORDER = 10;

    private static final Logger log = LoggerFactory.getLogger(ServiceRoutes.class);

    private final GatewayProperties properties;
    private final MeterRegistry meters;
    private final CircuitBreakerRegistry breakers;

    ServiceRoutes(GatewayProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
        this.breakers = CircuitBreakerRegistry.of(breakerConfig(properties.circuitBreaker()));
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
    }

    static CircuitBreakerConfig breakerConfig(GatewayProperties.Breaker settings) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(3)
                // Only the service's own failures count; a problem raised by a gateway filter says nothing about it.
                .recordException(error -> UpstreamFailure.of(error)
                        .filter(UpstreamFailure::countsAgainstService)
                        .isPresent())
                .build();
    }

    RouteLocator build(RouteLocatorBuilder builder) {
        RouteLocatorBuilder.Builder routes = builder.routes();
        long connectMillis = properties.connectTimeout().toMillis();
        properties.services().forEach((id, upstream) -> {
            CircuitBreaker breaker = breaker(id, upstream);
            UpstreamGuard guarded = new UpstreamGuard(upstream.displayName(), upstream.timeout(), breaker, meters);
            long timeoutMillis = upstream.timeout().toMillis();
            routes.route(id, route -> route.path(upstream.pathPrefix() + "/**")
                    .filters(filters ->
                            filters.stripPrefix(upstream.prefixSegments()).filter(guarded, GUARD_ORDER))
                    .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeoutMillis)
                    .metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, connectMillis)
                    .uri(upstream.uri()));
            for (String path : upstream.passThroughPaths()) {
                routes.route(id + path.replace('/', '-'), route -> route.path(path + "/**")
                        .filters(filters -> filters.filter(guarded, GUARD_ORDER))
                        .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeoutMillis)
                        .metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, connectMillis)
                        .uri(upstream.uri()));
            }
            // WebSocket: the upgrade is proxied to the same http(s) address (the routing filter switches to ws/wss).
            // A session lasts hours, so neither a time limit nor the breaker applies; connection failures of plain
            // requests on these paths still become problem details.
            UpstreamGuard streaming = new UpstreamGuard(upstream.displayName(), upstream.timeout(), null, meters);
            for (String path : upstream.webSocketPaths()) {
                routes.route(id + path.replace('/', '-'), route -> route.path(path + "/**")
                        .filters(filters -> filters.filter(streaming, GUARD_ORDER))
                        .metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, connectMillis)
                        .uri(upstream.uri()));
            }
            log.info(
                    "Route {} {}/** → {} (prefix removed), unchanged {} , WebSocket {}; time limit {} ms, breaker {}",
                    id,
                    upstream.pathPrefix(),
                    upstream.uri(),
                    upstream.passThroughPaths(),
                    upstream.webSocketPaths(),
                    timeoutMillis,
                    breaker.getName());
        });
        return routes.build();
    }

    private CircuitBreaker breaker(String id, Upstream upstream) {
        CircuitBreaker breaker = breakers.circuitBreaker(id);
        breaker.getEventPublisher()
                .onStateTransition(event -> log.warn(
                        "Circuit breaker of {} {}: {}",
                        upstream.displayName(),
                        event.getStateTransition(),
                        describe(event.getStateTransition().getToState())));
        return breaker;
    }

    private static String describe(CircuitBreaker.State state) {
        return switch (state) {
            case OPEN -> "its requests are answered 503 without calling it";
            case HALF_OPEN -> "letting a few requests through to test it";
            case CLOSED -> "calling it again";
            default -> "unusual state";
        };
    }
}

package cn.hotline.gateway.ratelimit;

import cn.hotline.gateway.ratelimit.RateLimitProperties.FailurePolicy;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Callers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Limits each tenant's API requests ({@code /api/**} and {@code /ws/**} of authenticated callers; the
 * operator counts as tenant {@code platform}) with a token bucket in Redis under {@code t:{tenant}:rl:api}.
 * A refused request gets 429 {@code TENANT_QUOTA_EXCEEDED} with {@code Retry-After} (whole seconds,
 * rounded up) and changes nothing.
 *
 * <p>When Redis does not answer in time, {@code cc.gateway.rate-limit.on-redis-failure} decides: {@code OPEN}
 * (default) lets the request through, {@code CLOSED} answers 503 {@code DEPENDENCY_DOWN}. Either way the
 * failure is counted ({@code gateway.ratelimit.redis.failures{policy}}) and logged at WARN when Redis
 * starts failing and at INFO when it answers again — not once per request.
 */
public final class TenantRateLimit {

    private static final Logger log = LoggerFactory.getLogger(TenantRateLimit.class);

    private final TokenBucket buckets;
    private final RateLimitProperties properties;
    private final MeterRegistry meters;
    private final Counter redisFailures;
    private final AtomicBoolean redisFailing = new AtomicBoolean();

    public TenantRateLimit(ReactiveStringRedisTemplate redis, RateLimitProperties properties, MeterRegistry meters) {
        this.buckets = new TokenBucket(redis);
        this.properties = properties;
        this.meters = meters;
        this.redisFailures = Counter.builder("gateway.ratelimit.redis.failures")
                .description("Rate-limit checks Redis did not answer; the policy tag says what happened to the request")
                .tag("policy", properties.onRedisFailure().name())
                .register(meters);
        log.info(
                "Per-tenant rate limits {}: default {} req/s (burst {}), {} tenant overrides; when Redis fails: fail {}",
                properties.enabled() ? "on" : "OFF",
                properties.defaults().requestsPerSecond(),
                properties.defaults().burst(),
                properties.tenants().size(),
                properties.onRedisFailure());
    }

    /**
     * The filter, for the security chain to place after authorization. Deliberately not a {@code
     * WebFilter} bean, which WebFlux would also run on its own.
     */
    public WebFilter asFilter() {
        return this::filter;
    }

    Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!properties.enabled() || !(path.startsWith("/api/") || path.startsWith("/ws/"))) {
            return chain.filter(exchange);
        }
        return Callers.current()
                .flatMap(caller -> check(caller.tenant().value(), exchange))
                .then(Mono.defer(() -> chain.filter(exchange)));
    }

    /** Completes when the request may go on; fails with the problem to answer otherwise. */
    Mono<Void> check(String tenant, ServerWebExchange exchange) {
        RateLimitProperties.Limit limit = properties.limitOf(tenant);
        return buckets.take("t:" + tenant + ":rl:api", "t:" + tenant + ":quota", limit)
                .timeout(properties.redisTimeout())
                .doOnNext(taken -> redisAnswered())
                .onErrorResume(error -> redisFailed(tenant, error).then(Mono.empty()))
                .flatMap(taken -> {
                    if (taken.allowed()) {
                        return Mono.<Void>empty();
                    }
                    long seconds = Math.max(1, (taken.retryAfter().toMillis() + 999) / 1000);
                    meters.counter("gateway.ratelimit.refused", "tenant", tenant)
                            .increment();
                    exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                    return Mono.error(new ProblemException(
                            ProblemCode.TENANT_QUOTA_EXCEEDED,
                            "Your office's API request rate (" + taken.applied().requestsPerSecond()
                                    + " per second, bursts of "
                                    + taken.applied().burst() + ") is used up. Retry after "
                                    + seconds + " s.",
                            Map.of("quota", "api-requests-per-second", "retryAfterSeconds", seconds)));
                });
    }

    private Mono<Void> redisFailed(String tenant, Throwable error) {
        redisFailures.increment();
        if (redisFailing.compareAndSet(false, true)) {
            log.warn(
                    "Rate limits cannot reach Redis ({}); failing {}: requests are {} until it answers again",
                    error.toString(),
                    properties.onRedisFailure(),
                    properties.onRedisFailure() == FailurePolicy.OPEN ? "let through unlimited" : "refused with 503");
        }
        if (properties.onRedisFailure() == FailurePolicy.CLOSED) {
            return Mono.error(new ProblemException(
                    ProblemCode.DEPENDENCY_DOWN,
                    "Request limits cannot be checked right now, so the request was not forwarded. Try again shortly.",
                    Map.of("tenant", tenant)));
        }
        return Mono.empty();
    }

    private void redisAnswered() {
        if (redisFailing.compareAndSet(true, false)) {
            log.info("Rate limits reach Redis again; limiting requests per tenant");
        }
    }
}

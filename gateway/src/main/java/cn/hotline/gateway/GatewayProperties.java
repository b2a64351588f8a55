package cn.hotline.gateway;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the gateway routes and how it guards it ({@code cc.gateway}). {@code application.yml} lists the four backend
 * services with URLs that run locally; each can be overridden alone, e.g. {@code cc.gateway.services.tenant.uri} or
 * {@code CC_TENANT_SERVICE_URL}.
 *
 * @param services backend services by id, in routing order
 * @param cors which other origins may call the gateway from a browser (none by default)
 * @param strippedHeaderPrefixes request headers that only the platform may set; removed from every client request
 * @param connectTimeout how long to wait for a TCP connection to a service
 * @param circuitBreaker when a service counts as down, shared by every service (each has its own breaker)
 */
@Validated
@ConfigurationProperties(prefix = "cc.gateway")
public record GatewayProperties(
        @NotEmpty Map<String, @Valid @NotNull Upstream> services,
        @DefaultValue @Valid Cors cors,
        @DefaultValue({"X-Tenant", "X-Internal", "X-User", "X-Scope"})
                List<@Pattern(regexp = "[A-Za-z0-9-]+") String> strippedHeaderPrefixes,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue @Valid Breaker circuitBreaker) {

    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[a-z][a-z0-9-]*");

    public GatewayProperties {
        Map<String, Upstream> named = new LinkedHashMap<>();
        if (services != null) {
            services.forEach((id, upstream) -> {
                if (!ID.matcher(id).matches()) {
                    throw new IllegalArgumentException(
                            "cc.gateway.services: id '" + id + "' must be lower-case letters, digits and '-'");
                }
                named.put(id, upstream == null || upstream.name() != null ? upstream : upstream.named(id));
            });
        }
        services = Collections.unmodifiableMap(named);
        requirePositive("cc.gateway.connect-timeout", connectTimeout);
        strippedHeaderPrefixes = strippedHeaderPrefixes == null ? List.of() : List.copyOf(strippedHeaderPrefixes);
    }

    /**
     * One backend service.
     *
     * @param name how people and problem details call it ({@code tenant-service}); the id when absent
     * @param uri where it listens ({@code http://host:port}); WebSocket upgrades go to the same address
     * @param pathPrefix public prefix of its API, removed before forwarding: {@code /api/tenant/x} → {@code /x}
     * @param timeout how long the service may take to start answering a request before the gateway answers 504
     * @param passThroughPaths further public prefixes forwarded with the path unchanged ({@code /hooks})
     * @param webSocketPaths prefixes for long-lived connections (WebSocket), forwarded unchanged, with neither
     *     time limit nor circuit breaker
     */
    public record Upstream(
            @Nullable String name,
            @NotNull URI uri,
            @NotNull @Pattern(regexp = PATH) String pathPrefix,
            @DefaultValue("10s") Duration timeout,
            @DefaultValue List<@Pattern(regexp = PATH) String> passThroughPaths,
            @DefaultValue List<@Pattern(regexp = PATH) String> webSocketPaths) {

        static final String PATH = "(/[a-z0-9-]+)+";
        private static final Set<String> SCHEMES = Set.of("http", "https");

        public Upstream {
            if (uri != null
                    && (uri.getScheme() == null
                            || !SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))
                            || uri.getHost() == null)) {
                throw new IllegalArgumentException("a service uri must be http(s)://host[:port], not " + uri);
            }
            requirePositive("a service timeout", timeout);
            passThroughPaths = List.copyOf(passThroughPaths);
            webSocketPaths = List.copyOf(webSocketPaths);
        }

        Upstream named(String defaultName) {
            return new Upstream(defaultName, uri, pathPrefix, timeout, passThroughPaths, webSocketPaths);
        }

        /** How problem details and logs name the service. */
        public String displayName() {
            return name == null ? "service" : name;
        }

        /** Segments that {@link #pathPrefix()} takes from the path: 2 for {@code /api/tenant}. */
        public int prefixSegments() {
            return (int) pathPrefix.chars().filter(c -> c == '/').count();
        }
    }

    /** @param allowedOrigins exact origins ({@code https://console.example.cn}) allowed to call from a browser */
    public record Cors(
            @DefaultValue List<@Pattern(regexp = "https?://[^/*]+") String> allowedOrigins,
            @DefaultValue({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"}) List<String> allowedMethods,
            @DefaultValue("30m") Duration maxAge) {

        public Cors {
            allowedOrigins = List.copyOf(allowedOrigins);
            allowedMethods = List.copyOf(allowedMethods);
        }
    }

    /**
     * @param failureRateThreshold percentage of failed calls (unreachable, timed out) that opens a breaker
     * @param slidingWindowSize how many recent calls the rate is computed over
     * @param minimumNumberOfCalls calls needed before the rate counts
     * @param waitInOpenState how long an open breaker refuses calls before letting a few through
     */
    public record Breaker(
            @DefaultValue("50") @Min(1) @Max(100) int failureRateThreshold,
            @DefaultValue("20") @Min(1) int slidingWindowSize,
            @DefaultValue("10") @Min(1) int minimumNumberOfCalls,
            @DefaultValue("10s") Duration waitInOpenState) {

        public Breaker {
            requirePositive("cc.gateway.circuit-breaker.wait-in-open-state", waitInOpenState);
        }
    }

    private static void requirePositive(String what, @Nullable Duration duration) {
        if (duration != null && (duration.isZero() || duration.isNegative())) {
            throw new IllegalArgumentException(what + " must be positive, not " + duration);
        }
    }
}

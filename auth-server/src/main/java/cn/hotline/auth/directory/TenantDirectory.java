package cn.hotline.auth.directory;

import cn.hotline.auth.AuthProperties;
import cn.hotline.kernel.id.TenantId;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * tenant-service's internal API, as auth-server uses it (ADR 0002 §3). Tenants' status is cached for
 * {@code cc.auth.tenant-cache-ttl}; an unknown tenant, and one not active (still being provisioned, suspended), for at
 * most 5 s, so a tenant that has just become active can sign in at once; passwords and clients are
 * asked every time, so a lockout or a password change applies at once.
 */
public final class TenantDirectory {

    static final String INTERNAL_TOKEN_HEADER = "X-Internal-Token";
    private static final Duration NEGATIVE_TTL_CAP = Duration.ofSeconds(5);

    private final RestClient http;
    private final Duration ttl;
    private final Clock clock;
    private final Map<TenantId, Cached> tenants = new ConcurrentHashMap<>();

    public TenantDirectory(AuthProperties properties, Clock clock) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
        requests.setReadTimeout(Duration.ofSeconds(5));
        this.http = RestClient.builder()
                .baseUrl(properties.tenantServiceUrl().toString())
                .defaultHeader(INTERNAL_TOKEN_HEADER, properties.internalToken())
                .requestFactory(requests)
                .build();
        this.ttl = properties.tenantCacheTtl();
        this.clock = clock;
    }

    /** The tenant, or empty if tenant-service does not know it. */
    public Optional<TenantInfo> tenant(TenantId tenant) {
        Instant now = clock.instant();
        Cached cached = tenants.get(tenant);
        if (cached != null && cached.expiresAt().isAfter(now)) {
            return Optional.ofNullable(cached.info());
        }
        TenantInfo info = call("GET /internal/tenants/" + tenant, () -> http.get()
                .uri("/internal/tenants/{tenant}", tenant.value())
                .accept(MediaType.APPLICATION_JSON)
                .exchange(
                        (request, response) -> switch (response.getStatusCode().value()) {
                            case 200 -> response.bodyTo(TenantInfo.class);
                            case 404 -> null;
                            default ->
                                throw unexpected(
                                        "GET /internal/tenants",
                                        response.getStatusCode().value());
                        }));
        Duration keep =
                (info == null || !info.active()) && ttl.compareTo(NEGATIVE_TTL_CAP) > 0 ? NEGATIVE_TTL_CAP : ttl;
        tenants.put(tenant, new Cached(info, now.plus(keep)));
        return Optional.ofNullable(info);
    }

    /** Checks a password with tenant-service, which counts failures and locks accounts. */
    public LoginOutcome authenticate(TenantId tenant, String username, String password) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("tenant", tenant.value());
        body.put("username", username);
        body.put("password", password);
        return login("/internal/authentication", body);
    }

    /**
     * Maps a subject authenticated by the tenant's upstream provider to a local account:
     * {@code POST /internal/federated-authentication {tenant, issuer, subject}}, answered like a password
     * login (200 user, 404 no linked account or tenant, 423 locked). An extension of ADR 0002 §3.
     */
    public LoginOutcome authenticateFederated(TenantId tenant, String issuer, String subject) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("tenant", tenant.value());
        body.put("issuer", issuer);
        body.put("subject", subject);
        return login("/internal/federated-authentication", body);
    }

    /** One login question to tenant-service; both kinds of login share the answers of ADR 0002 §3. */
    private LoginOutcome login(String path, Map<String, String> body) {
        String what = "POST " + path;
        LoginOutcome outcome = call(what, () -> http.post()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                .body(body)
                .exchange((request, response) -> {
                    int status = response.getStatusCode().value();
                    return switch (status) {
                        case 200 -> new LoginOutcome.Authenticated(response.bodyTo(TenantUser.class));
                        case 401 -> new LoginOutcome.BadCredentials();
                        case 423 -> {
                            Locked locked = response.bodyTo(Locked.class);
                            long retry = locked != null && locked.retryAfterSeconds() != null
                                    ? locked.retryAfterSeconds()
                                    : retryAfterHeader(response.getHeaders().getFirst("Retry-After"));
                            yield new LoginOutcome.AccountLocked(retry);
                        }
                        case 404 -> new LoginOutcome.UnknownTenant();
                        default -> throw unexpected(what, status);
                    };
                }));
        if (outcome == null) {
            throw new DirectoryUnavailableException("tenant-service gave an empty answer to " + what);
        }
        return outcome;
    }

    /** An API client of the tenant, or empty if the tenant has no such client. */
    public Optional<ApiClient> client(TenantId tenant, String clientId) {
        return Optional.ofNullable(call("GET /internal/tenants/" + tenant + "/clients", () -> http.get()
                .uri("/internal/tenants/{tenant}/clients/{clientId}", tenant.value(), clientId)
                .accept(MediaType.APPLICATION_JSON)
                .exchange(
                        (request, response) -> switch (response.getStatusCode().value()) {
                            case 200 -> response.bodyTo(ApiClient.class);
                            case 404 -> null;
                            default ->
                                throw unexpected(
                                        "GET /internal/tenants/{tenant}/clients",
                                        response.getStatusCode().value());
                        })));
    }

    private static long retryAfterHeader(@Nullable String header) {
        try {
            return header == null ? 60 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return 60;
        }
    }

    private static IOException unexpected(String call, int status) {
        return new IOException(call + " answered HTTP " + status + ", outside the internal API's contract");
    }

    private static <T> @Nullable T call(String what, Call<T> call) {
        try {
            return call.run();
        } catch (RestClientException | IllegalArgumentException e) {
            throw new DirectoryUnavailableException("tenant-service: " + what + " failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        @Nullable
        T run();
    }

    private record Cached(@Nullable TenantInfo info, Instant expiresAt) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Locked(@Nullable Long retryAfterSeconds) {}
}

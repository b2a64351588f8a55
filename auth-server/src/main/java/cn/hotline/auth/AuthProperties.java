package cn.hotline.auth;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * auth-server's settings ({@code cc.auth}).
 *
 * @param tenantServiceUrl base URL of tenant-service, whose internal API owns accounts and API clients
 * @param internalToken the shared {@code X-Internal-Token} for tenant-service's internal API
 * @param gatewayUrl base URL of the gateway; the console client's redirect URI is {@code {gatewayUrl}/login/oauth2/code/{tenant}}
 * @param consoleClientSecret secret of the gateway's confidential client {@code console-bff}
 * @param tenantCacheTtl how long an answer about a tenant's status is reused (issuer check)
 * @param accessTokenTtl lifetime of access tokens; at most 10 minutes (R-NF-2)
 * @param refreshTokenTtl lifetime of a refresh token chain; covers a 12-hour shift
 * @param issuerBase optional fixed public base of every issuer ({@code CC_AUTH_ISSUER_BASE}, e.g.
 *     {@code https://hotline.example.cn/api/auth}): issuers are then {@code {issuerBase}/t/{tenant}} whatever
 *     host the request came through. Empty: taken from the request URL (development, tests).
 */
@Validated
@ConfigurationProperties("cc.auth")
public record AuthProperties(
        URI tenantServiceUrl,
        String internalToken,
        URI gatewayUrl,
        String consoleClientSecret,
        Duration tenantCacheTtl,
        Duration accessTokenTtl,
        Duration refreshTokenTtl,
        @Nullable String issuerBase) {

    static final Duration MAX_ACCESS_TOKEN_TTL = Duration.ofMinutes(10);

    public AuthProperties {
        Objects.requireNonNull(tenantServiceUrl, "cc.auth.tenant-service-url");
        Objects.requireNonNull(gatewayUrl, "cc.auth.gateway-url");
        requireText(internalToken, "cc.auth.internal-token");
        requireText(consoleClientSecret, "cc.auth.console-client-secret");
        Objects.requireNonNull(tenantCacheTtl, "cc.auth.tenant-cache-ttl");
        Objects.requireNonNull(accessTokenTtl, "cc.auth.access-token-ttl");
        Objects.requireNonNull(refreshTokenTtl, "cc.auth.refresh-token-ttl");
        if (accessTokenTtl.isNegative()
                || accessTokenTtl.isZero()
                || accessTokenTtl.compareTo(MAX_ACCESS_TOKEN_TTL) > 0) {
            throw new IllegalArgumentException(
                    "cc.auth.access-token-ttl must be between 1 s and 10 min, was " + accessTokenTtl);
        }
        issuerBase = issuerBase == null || issuerBase.isBlank() ? null : issuerBase.strip();
        if (issuerBase != null) {
            URI base = URI.create(issuerBase);
            if (!base.isAbsolute() || base.getHost() == null || base.getRawQuery() != null) {
                throw new IllegalArgumentException(
                        "cc.auth.issuer-base must be an absolute http(s) URL, was " + issuerBase);
            }
        }
        if (refreshTokenTtl.compareTo(accessTokenTtl) <= 0) {
            throw new IllegalArgumentException("cc.auth.refresh-token-ttl must be longer than the access token's");
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be set");
        }
    }

    /** The gateway URL without a trailing slash. */
    public String gatewayBase() {
        String base = gatewayUrl.toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}

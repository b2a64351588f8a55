package cn.hotline.gateway.security;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The console's backend-for-frontend ({@code cc.gateway.bff}).
 *
 * @param clientId the gateway's client id at every tenant issuer
 * @param clientSecret its secret (client_secret_basic)
 * @param browserIssuerBase where browsers reach the issuers, when it differs from {@code cc.security.issuer-base}
 *     (which the gateway uses for the token endpoint); the authorize endpoint is built from it
 * @param backchannelIssuerBase where the gateway itself reaches auth-server for tokens and keys, when the issuers
 *     ({@code cc.security.issuer-base}) are public addresses the gateway should not call through itself (the run
 *     command's {@code --public-host}: issuers {@code https://host/api/auth/t/...}, auth-server on loopback)
 * @param scopes the scopes asked for
 * @param sessionCookie name of the session cookie (HttpOnly, SameSite=Lax)
 * @param secureCookie whether the cookie is {@code Secure} (true behind TLS; false for local http)
 * @param sessionIdleTimeout how long a session lives without requests; a shift is 12 hours
 * @param refreshBeforeExpiry how long before the access token expires it is refreshed
 * @param afterLogin where the browser goes after signing in
 */
@ConfigurationProperties(prefix = "cc.gateway.bff")
public record BffProperties(
        @DefaultValue("console-bff") String clientId,
        @DefaultValue("dev-console-bff-secret") String clientSecret,
        @Nullable URI browserIssuerBase,
        @Nullable URI backchannelIssuerBase,
        @DefaultValue({"openid", "profile"}) java.util.List<String> scopes,
        @DefaultValue("CC_SESSION") String sessionCookie,
        @DefaultValue("false") boolean secureCookie,
        @DefaultValue("13h") Duration sessionIdleTimeout,
        @DefaultValue("60s") Duration refreshBeforeExpiry,
        @DefaultValue("/") String afterLogin) {

    public BffProperties {
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("cc.gateway.bff.client-id is required");
        }
        if (clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException("cc.gateway.bff.client-secret is required");
        }
        scopes = scopes == null ? java.util.List.of("openid") : java.util.List.copyOf(scopes);
        if (afterLogin == null || !afterLogin.startsWith("/") || afterLogin.startsWith("//")) {
            throw new IllegalArgumentException("cc.gateway.bff.after-login must be a local path");
        }
    }
}

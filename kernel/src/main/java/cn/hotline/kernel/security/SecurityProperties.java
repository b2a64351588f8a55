package cn.hotline.kernel.security;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a service (or the gateway) trusts access tokens and internal calls.
 *
 * @param issuerBase the authorization server's base; tenant issuers are {@code {issuerBase}/t/{tenant}}
 * @param jwkSetUri where the signing keys are published; defaults to the platform issuer's JWKS
 *     ({@code {issuerBase}/t/platform/oauth2/jwks}: Spring Authorization Server prefixes its endpoints
 *     with the issuer path when it serves several issuers, and all issuers share one key set)
 * @param publicKey an RSA public key in PEM; when set it is used instead of the JWK set (tests)
 * @param internalToken the shared secret of {@code /internal/**} calls ({@code X-Internal-Token})
 * @param openPaths further path patterns the service authenticates itself (e.g. {@code /hooks/**} for the
 *     city platform's signed pushes); the chain lets them through without a token and binds no tenant
 */
@ConfigurationProperties(prefix = "cc.security")
public record SecurityProperties(
        @Nullable URI issuerBase,
        @Nullable URI jwkSetUri,
        @Nullable String publicKey,
        @Nullable String internalToken,
        @Nullable List<String> openPaths) {

    public static final URI DEFAULT_ISSUER_BASE = URI.create("http://127.0.0.1:18084");

    /** The development default; a service started with it logs a warning. */
    public static final String DEV_INTERNAL_TOKEN = "dev-internal-token-not-for-production";

    public SecurityProperties {
        issuerBase = blank(issuerBase) ? DEFAULT_ISSUER_BASE : stripSlash(issuerBase);
        jwkSetUri = blank(jwkSetUri) ? URI.create(issuerBase + "/t/platform/oauth2/jwks") : jwkSetUri;
        publicKey = publicKey == null || publicKey.isBlank() ? null : publicKey;
        internalToken = internalToken == null || internalToken.isBlank() ? DEV_INTERNAL_TOKEN : internalToken;
        openPaths = openPaths == null ? List.of() : List.copyOf(openPaths);
        for (String path : openPaths) {
            if (!path.startsWith("/")
                    || path.startsWith("/tenants")
                    || path.startsWith("/platform")
                    || path.startsWith("/internal")
                    || path.equals("/**")) {
                throw new IllegalArgumentException("cc.security.open-paths: '" + path
                        + "' must be a path of its own, not one of /tenants, /platform, /internal or everything");
            }
        }
        if (internalToken.length() < 16) {
            throw new IllegalArgumentException("cc.security.internal-token must have at least 16 characters");
        }
    }

    /** Defaults only: the local issuer base, its JWK set and the development internal token. */
    public static SecurityProperties defaults() {
        return new SecurityProperties(null, null, null, null, null);
    }

    /** Non-null after construction. */
    public URI issuerBaseUri() {
        return Objects.requireNonNull(issuerBase);
    }

    /** Non-null after construction. */
    public List<String> openPathPatterns() {
        return Objects.requireNonNull(openPaths);
    }

    /** Non-null after construction. */
    public String internalTokenValue() {
        return Objects.requireNonNull(internalToken);
    }

    /** The issuer of {@code tenant}'s tokens. */
    public String issuerOf(String tenant) {
        return issuerBaseUri() + "/t/" + tenant;
    }

    private static boolean blank(@Nullable URI uri) {
        return uri == null || uri.toString().isBlank();
    }

    private static URI stripSlash(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
    }
}

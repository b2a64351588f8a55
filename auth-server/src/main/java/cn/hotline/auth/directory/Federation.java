package cn.hotline.auth.directory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's upstream OpenID provider (its government identity platform, R-TEN-4), as the
 * {@code federation} field of {@code GET /internal/tenants/{tenant}}: auth-server is a confidential client
 * of it (authorization code + PKCE), then maps the upstream {@code sub} to a local account through
 * tenant-service.
 *
 * @param issuer the upstream issuer; its discovery document gives the endpoints
 * @param clientId auth-server's client id at the upstream provider
 * @param clientSecret auth-server's client secret there
 * @param scopes scopes to ask for; {@code openid} is always added
 * @param displayName the button's label (e.g. 徐州市统一身份认证平台)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Federation(
        String issuer,
        String clientId,
        String clientSecret,
        @Nullable List<String> scopes,
        @Nullable String displayName) {

    public Federation {
        if (issuer == null || !issuer.startsWith("http")) {
            throw new IllegalArgumentException("federation.issuer must be an http(s) URL");
        }
        if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException("federation needs clientId and clientSecret");
        }
        scopes = scopes == null ? List.of("openid", "profile") : List.copyOf(scopes);
    }

    @Override
    public String toString() {
        return "Federation[issuer=" + issuer + ", clientId=" + clientId + "]";
    }
}

package cn.hotline.auth.directory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An API client of one tenant (the city platform's), as {@code GET /internal/tenants/{tenant}/clients/{clientId}}
 * answers. It authenticates with a secret — {@code secretHash} carries a {@code DelegatingPasswordEncoder}
 * prefix such as {@code {argon2@SpringSecurity_v5_8}} — or, when {@code jwkSetUrl} is given, with
 * {@code private_key_jwt}: an RS256 assertion signed by a key published at that URL.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiClient(
        String clientId,
        @Nullable String secretHash,
        List<String> grantTypes,
        List<String> scopes,
        List<String> roles,
        @Nullable String jwkSetUrl) {

    public ApiClient {
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("clientId is required");
        }
        jwkSetUrl = jwkSetUrl == null || jwkSetUrl.isBlank() ? null : jwkSetUrl;
        secretHash = secretHash == null || secretHash.isBlank() ? null : secretHash;
        if (jwkSetUrl == null && secretHash == null) {
            throw new IllegalArgumentException("an API client needs a secretHash or a jwkSetUrl");
        }
        if (secretHash != null && !secretHash.startsWith("{")) {
            throw new IllegalArgumentException(
                    "secretHash must carry an encoder prefix such as {argon2@SpringSecurity_v5_8}");
        }
        grantTypes = grantTypes == null ? List.of() : List.copyOf(grantTypes);
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}

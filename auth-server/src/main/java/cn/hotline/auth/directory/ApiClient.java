package cn.hotline.auth.directory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * An API client of one tenant (the city platform's), as {@code GET /internal/tenants/{tenant}/clients/{clientId}}
 * answers. {@code secretHash} carries a {@code DelegatingPasswordEncoder} prefix such as
 * {@code {argon2@SpringSecurity_v5_8}}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiClient(
        String clientId, String secretHash, List<String> grantTypes, List<String> scopes, List<String> roles) {

    public ApiClient {
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("clientId is required");
        }
        if (secretHash == null || !secretHash.startsWith("{")) {
            throw new IllegalArgumentException(
                    "secretHash must carry an encoder prefix such as {argon2@SpringSecurity_v5_8}");
        }
        grantTypes = grantTypes == null ? List.of() : List.copyOf(grantTypes);
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}

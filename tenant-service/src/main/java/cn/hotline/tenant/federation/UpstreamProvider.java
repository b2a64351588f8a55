package cn.hotline.tenant.federation;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code federation} field of {@code GET /internal/tenants/{tenant}}, field for field what auth-server's {@code
 * cn.hotline.auth.directory.Federation} parses: {@code {issuer, clientId, clientSecret, scopes, displayName}}. Only
 * the internal API (behind {@code X-Internal-Token}) carries the secret.
 */
public record UpstreamProvider(
        String issuer, String clientId, String clientSecret, List<String> scopes, @Nullable String displayName) {

    public UpstreamProvider {
        scopes = List.copyOf(scopes);
    }

    @Override
    public String toString() {
        return "UpstreamProvider[issuer=" + issuer + ", clientId=" + clientId + "]";
    }
}

package cn.hotline.tenant.federation;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's federation as its admin reads it: never the client secret, only whether one is stored and how it is
 * sealed ({@code SM4} with the kernel's cipher, or {@code PLAIN} when no cipher key is configured).
 */
public record FederationView(
        String issuer,
        String clientId,
        List<String> scopes,
        @Nullable String displayName,
        boolean clientSecretSet,
        String secretSealing,
        Instant updatedAt) {

    public FederationView {
        scopes = List.copyOf(scopes);
    }
}

package cn.hotline.tenant.federation;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a tenant admin sets: the upstream provider auth-server delegates sign-in to. A missing {@code clientSecret}
 * keeps the stored one (so the admin need not re-enter it to change a label).
 */
public record FederationSettings(
        String issuer,
        String clientId,
        @Nullable String clientSecret,
        List<String> scopes,
        @Nullable String displayName) {

    public FederationSettings {
        if (issuer == null || issuer.length() > 500 || !isHttpUrl(issuer)) {
            throw new IllegalArgumentException("issuer must be an absolute http(s) URL of at most 500 characters");
        }
        if (clientId == null || clientId.isBlank() || clientId.length() > 200) {
            throw new IllegalArgumentException("clientId must be 1-200 characters");
        }
        if (clientSecret != null && (clientSecret.isBlank() || clientSecret.length() > 500)) {
            throw new IllegalArgumentException("clientSecret must be 1-500 characters when given");
        }
        LinkedHashSet<String> wanted = new LinkedHashSet<>();
        wanted.add("openid");
        for (String scope : scopes == null ? List.<String>of() : scopes) {
            if (scope == null || !scope.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,64}")) {
                throw new IllegalArgumentException("scope '" + scope + "' is not an OAuth scope token");
            }
            wanted.add(scope);
        }
        if (wanted.size() > 20) {
            throw new IllegalArgumentException("at most 20 scopes");
        }
        scopes = List.copyOf(wanted);
        if (displayName != null && (displayName.isBlank() || displayName.length() > 64)) {
            throw new IllegalArgumentException("displayName must be 1-64 characters when given");
        }
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return uri.isAbsolute()
                    && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    && uri.getHost() != null
                    && uri.getQuery() == null
                    && uri.getFragment() == null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "FederationSettings[issuer=" + issuer + ", clientId=" + clientId + "]";
    }
}

package cn.hotline.auth.issuer;

import cn.hotline.kernel.id.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;

/** Which tenant a path or an issuer belongs to: every issuer is {@code {base}/t/{tenant}} (ADR 0002 §2). */
public final class Issuers {

    /** The operators' issuer. */
    public static final TenantId PLATFORM = TenantId.of("platform");

    private static final Pattern TENANT_PATH = Pattern.compile("^/t/([^/]+)(/.*)?$");
    private static final Pattern METADATA_SUFFIX =
            Pattern.compile("^/\\.well-known/(?:openid-configuration|oauth-authorization-server)(/t/[^/]+)$");

    private Issuers() {}

    /** The tenant of a path {@code /t/{tenant}/...}; empty if the path has none or the slug is not valid. */
    public static Optional<TenantId> tenantOfPath(String path) {
        Matcher matcher = TENANT_PATH.matcher(path);
        if (!matcher.matches()) {
            Matcher metadata = METADATA_SUFFIX.matcher(path);
            return metadata.matches() ? tenantOfPath(metadata.group(1)) : Optional.empty();
        }
        try {
            return Optional.of(TenantId.of(matcher.group(1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static Optional<TenantId> tenantOfRequest(HttpServletRequest request) {
        return tenantOfPath(pathOf(request));
    }

    public static String pathOf(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    /** The tenant of an issuer URL {@code {base}/t/{tenant}}. */
    public static TenantId tenantOfIssuer(String issuer) {
        String path = URI.create(issuer).getPath();
        int at = path == null ? -1 : path.lastIndexOf("/t/");
        if (at < 0) {
            throw new IllegalArgumentException("not a tenant issuer: " + issuer);
        }
        return TenantId.of(path.substring(at + 3));
    }

    /** The tenant of the issuer handling the current request, if the request is an authorization server one. */
    public static Optional<TenantId> currentTenant() {
        @Nullable AuthorizationServerContext context = AuthorizationServerContextHolder.getContext();
        if (context == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(tenantOfIssuer(context.getIssuer()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

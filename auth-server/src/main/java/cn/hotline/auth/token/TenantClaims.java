package cn.hotline.auth.token;

import cn.hotline.auth.directory.TenantUser;
import cn.hotline.kernel.id.TenantId;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * The platform's claims (ADR 0002 §2) in access and ID tokens: {@code tenant} (the issuer's),
 * {@code roles}, and for users {@code sub} = user id, {@code name}, {@code scope_unit}. A user of one
 * tenant never gets a token from another tenant's issuer: that is refused here as a last line.
 */
public final class TenantClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    /** Client setting holding an API client's roles (from tenant-service). */
    public static final String ROLES_SETTING = "cc.roles";

    // claims are stored with the authorization as JSON with type ids: only mutable JDK collections
    // pass Spring Security's Jackson allowlist (List.of() does not)
    @Override
    public void customize(JwtEncodingContext context) {
        boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
        boolean idToken =
                OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
        if (!accessToken && !idToken) {
            return;
        }
        TenantId issuerTenant =
                tenantOfIssuer(context.getAuthorizationServerContext().getIssuer());
        if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
            List<String> roles =
                    context.getRegisteredClient().getClientSettings().getSetting(ROLES_SETTING);
            context.getClaims()
                    .claim("tenant", issuerTenant.value())
                    .claim("roles", roles == null ? new ArrayList<String>() : new ArrayList<>(roles));
            return;
        }
        Optional<TenantUser> found = TenantUser.fromAuthentication(context.getPrincipal());
        if (found.isEmpty()) {
            throw refused("the authorization has no platform user");
        }
        TenantUser user = found.get();
        if (!user.tenant().equals(issuerTenant.value())) {
            throw refused("the user belongs to another tenant than this issuer");
        }
        context.getClaims()
                .subject(user.userId())
                .claim("tenant", user.tenant())
                .claim("roles", new ArrayList<>(user.roles()))
                .claim("name", user.displayName());
        if (user.scopeUnit() != null) {
            context.getClaims().claim("scope_unit", user.scopeUnit());
        }
    }

    static TenantId tenantOfIssuer(String issuer) {
        String path = URI.create(issuer).getPath();
        int at = path == null ? -1 : path.lastIndexOf("/t/");
        if (at < 0) {
            throw refused("tokens are issued only by tenant issuers /t/{tenant}");
        }
        return TenantId.of(path.substring(at + 3));
    }

    private static OAuth2AuthenticationException refused(String why) {
        return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, why, null));
    }
}

package cn.hotline.auth.directory;

import cn.hotline.kernel.id.TenantId;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A signed-in user as tenant-service's {@code POST /internal/authentication} answers (ADR 0002 §3).
 *
 * <p>The user travels as a plain {@link UsernamePasswordAuthenticationToken} (name = user id) whose
 * authorities carry the tenant, scope unit, roles and display name. That token is stored inside each
 * authorization by the JDBC authorization service, and Spring Security's Jackson allowlist knows it,
 * so the claims survive restarts and refresh grants without custom serializers.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TenantUser(
        String userId, String tenant, @Nullable String scopeUnit, List<String> roles, String displayName) {

    static final String ROLE = "ROLE_";
    static final String TENANT = "TENANT:";
    static final String SCOPE_UNIT = "SCOPE_UNIT:";
    static final String NAME = "NAME:";

    public TenantUser {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("userId is required");
        }
        TenantId.of(tenant);
        roles = roles == null ? List.of() : List.copyOf(roles);
        displayName = displayName == null || displayName.isBlank() ? userId : displayName;
        scopeUnit = scopeUnit == null || scopeUnit.isBlank() ? null : scopeUnit;
    }

    /**
     * The authenticated token stored in the session and in the authorization. The password factor's
     * time becomes the ID token's {@code auth_time}.
     */
    public Authentication toAuthentication(Instant authenticatedAt) {
        return toAuthentication(authenticatedAt, FactorGrantedAuthority.PASSWORD_AUTHORITY);
    }

    /** As {@link #toAuthentication(Instant)}, for a login by another factor (an upstream provider's code). */
    public Authentication toAuthentication(Instant authenticatedAt, String factorAuthority) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(FactorGrantedAuthority.withAuthority(factorAuthority)
                .issuedAt(authenticatedAt)
                .build());
        authorities.add(new SimpleGrantedAuthority(TENANT + tenant));
        if (scopeUnit != null) {
            authorities.add(new SimpleGrantedAuthority(SCOPE_UNIT + scopeUnit));
        }
        authorities.add(new SimpleGrantedAuthority(NAME + displayName));
        roles.forEach(role -> authorities.add(new SimpleGrantedAuthority(ROLE + role)));
        return UsernamePasswordAuthenticationToken.authenticated(userId, null, authorities);
    }

    /** The user behind an authentication made by {@link #toAuthentication()}, if it is one. */
    public static Optional<TenantUser> fromAuthentication(@Nullable Authentication authentication) {
        if (!(authentication instanceof UsernamePasswordAuthenticationToken) || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        String tenant = null;
        String scopeUnit = null;
        String name = null;
        List<String> roles = new ArrayList<>();
        for (GrantedAuthority granted : authentication.getAuthorities()) {
            String value = Objects.requireNonNullElse(granted.getAuthority(), "");
            if (value.startsWith(TENANT)) {
                tenant = value.substring(TENANT.length());
            } else if (value.startsWith(SCOPE_UNIT)) {
                scopeUnit = value.substring(SCOPE_UNIT.length());
            } else if (value.startsWith(NAME)) {
                name = value.substring(NAME.length());
            } else if (value.startsWith(ROLE)) {
                roles.add(value.substring(ROLE.length()));
            }
        }
        if (tenant == null) {
            return Optional.empty();
        }
        return Optional.of(
                new TenantUser(authentication.getName(), tenant, scopeUnit, roles, name == null ? "" : name));
    }
}

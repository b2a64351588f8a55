package cn.hotline.kernel.security;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.ScopeUnit;
import cn.hotline.kernel.tenancy.TenantContext;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling, from a verified access token: a user or API client of one tenant (optionally
 * narrowed to a workstation or handling unit), or the platform operator, whose tenant is {@link
 * #PLATFORM}.
 *
 * @param subject the token's {@code sub}: a user id, or the client id for client credentials
 * @param tenant the token's {@code tenant}; {@link #PLATFORM} for the operator
 * @param scopeUnit the workstation or handling unit the caller is narrowed to, if any
 * @param roles the caller's roles
 * @param name display name (users only)
 */
public record Caller(
        String subject, TenantId tenant, @Nullable ScopeUnit scopeUnit, Set<Role> roles, @Nullable String name) {

    /** The pseudo-tenant of the platform operator's issuer ({@code /t/platform}); never a real tenant. */
    public static final TenantId PLATFORM = TenantId.of("platform");

    public Caller {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a caller needs a subject");
        }
        if (tenant == null) {
            throw new IllegalArgumentException("a caller needs a tenant");
        }
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        if (scopeUnit != null && !scopeUnit.fits(tenant)) {
            throw new IllegalArgumentException("scope unit " + scopeUnit + " is not part of tenant " + tenant);
        }
        if (roles.contains(Role.OPERATOR) && !PLATFORM.equals(tenant)) {
            throw new IllegalArgumentException("only the platform issues the OPERATOR role, not tenant " + tenant);
        }
        if (PLATFORM.equals(tenant) && scopeUnit != null) {
            throw new IllegalArgumentException("the platform has no workstations or handling units");
        }
    }

    public boolean isPlatform() {
        return PLATFORM.equals(tenant);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public Optional<ScopeUnit> scope() {
        return Optional.ofNullable(scopeUnit);
    }

    /**
     * The tenant context this caller's work runs in: its tenant narrowed to its scope unit, or
     * platform work for the operator.
     */
    public TenantContext tenantContext() {
        return isPlatform() ? TenantContext.platform("operator " + subject) : TenantContext.of(tenant, scopeUnit);
    }
}

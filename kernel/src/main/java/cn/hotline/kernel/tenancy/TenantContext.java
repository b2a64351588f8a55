package cn.hotline.kernel.tenancy;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.WorkstationId;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whom the current work runs for. Either one tenant (optionally narrowed to a workstation or a
 * handling unit, for their users), or the platform itself for work that spans tenants explicitly (timer scans,
 * outbox relays, diagnostics) — which must then loop over tenants and bind each in turn.
 *
 * <p>Carried in the Reactor {@code Context} under {@link Tenancy#CONTEXT_KEY}; never in a
 * ThreadLocal or a request parameter the caller controls.
 */
public sealed interface TenantContext {

    /**
     * Work on behalf of one tenant: the whole tenant, or narrowed to one workstation or handling
     * unit of it ({@link ScopeUnit}).
     */
    record Tenant(TenantId tenant, @Nullable ScopeUnit scope) implements TenantContext {
        public Tenant {
            if (scope != null && !scope.fits(tenant)) {
                throw new IllegalArgumentException("workstation " + scope + " does not belong to tenant " + tenant);
            }
        }

        public Optional<ScopeUnit> scopeUnit() {
            return Optional.ofNullable(scope);
        }

        public Optional<WorkstationId> workstation() {
            return scopeUnit().flatMap(ScopeUnit::workstation);
        }
    }

    /**
     * Platform work that is not on behalf of any one tenant. Row-level security shows it no
     * tenant rows; a reason is required so that logs say why it ran.
     */
    record Platform(String reason) implements TenantContext {
        public Platform {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("platform work needs a reason");
            }
        }
    }

    static TenantContext of(TenantId tenant) {
        return new Tenant(tenant, null);
    }

    static TenantContext of(WorkstationId workstation) {
        return new Tenant(workstation.tenant(), ScopeUnit.of(workstation));
    }

    /** The tenant, narrowed to {@code scope} when it is not null. */
    static TenantContext of(TenantId tenant, @Nullable ScopeUnit scope) {
        return new Tenant(tenant, scope);
    }

    static TenantContext platform(String reason) {
        return new Platform(reason);
    }
}

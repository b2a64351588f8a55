package cn.hotline.tenant.registry;

import java.util.EnumSet;
import java.util.Set;

/** Where a tenant stands; only {@link #ACTIVE} tenants issue tokens and serve calls. */
public enum TenantStatus {
    PROVISIONING,
    PROVISIONING_FAILED,
    ACTIVE,
    SUSPENDED,
    DEACTIVATED;

    /** The states a tenant may move to from this one. */
    public Set<TenantStatus> next() {
        return switch (this) {
            case PROVISIONING -> EnumSet.of(ACTIVE, PROVISIONING_FAILED);
            case PROVISIONING_FAILED -> EnumSet.of(PROVISIONING, DEACTIVATED);
            case ACTIVE -> EnumSet.of(SUSPENDED, DEACTIVATED);
            case SUSPENDED -> EnumSet.of(ACTIVE, DEACTIVATED);
            case DEACTIVATED -> EnumSet.noneOf(TenantStatus.class);
        };
    }

    public boolean canBecome(TenantStatus target) {
        return next().contains(target);
    }

    /** Every state from which {@code target} can be reached in one transition. */
    public static Set<TenantStatus> allowedBefore(TenantStatus target) {
        Set<TenantStatus> sources = EnumSet.noneOf(TenantStatus.class);
        for (TenantStatus status : values()) {
            if (status.canBecome(target)) {
                sources.add(status);
            }
        }
        return sources;
    }
}

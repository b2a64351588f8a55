package cn.hotline.tenant.registry;

import cn.hotline.kernel.id.TenantId;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A tenant as the registry holds it. */
public record Tenant(
        TenantId slug,
        String name,
        String kind,
        List<String> hotlineNumbers,
        TenantStatus status,
        @Nullable String statusReason,
        Instant createdAt,
        Instant updatedAt) {

    public Tenant {
        hotlineNumbers = List.copyOf(hotlineNumbers);
    }
}

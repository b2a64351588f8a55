package cn.hotline.tenant.provisioning;

import cn.hotline.tenant.registry.Tenant;
import cn.hotline.tenant.registry.TenantStatus;
import cn.hotline.tenant.registry.Workstation;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A tenant as the operator sees it: registry row, workstations and provisioning steps. No secrets. */
public record TenantView(
        String slug,
        String name,
        String kind,
        List<String> hotlineNumbers,
        TenantStatus status,
        @Nullable String statusReason,
        List<WorkstationView> workstations,
        List<StepState> steps,
        Instant createdAt,
        Instant updatedAt) {

    public record WorkstationView(String id, String name) {}

    static TenantView of(Tenant tenant, List<Workstation> workstations, List<StepState> steps) {
        return new TenantView(
                tenant.slug().value(),
                tenant.name(),
                tenant.kind(),
                tenant.hotlineNumbers(),
                tenant.status(),
                tenant.statusReason(),
                workstations.stream()
                        .map(w -> new WorkstationView(w.id().value(), w.name()))
                        .toList(),
                steps,
                tenant.createdAt(),
                tenant.updatedAt());
    }
}

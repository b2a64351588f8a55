package cn.hotline.tenant.provisioning;

import cn.hotline.tenant.registry.TenantRegistry;
import cn.hotline.tenant.registry.Workstation;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Adds the tenant's workstations to the registry (missing ones only). */
@Component
class WorkstationsStep implements ProvisioningStep {

    private final TenantRegistry registry;

    WorkstationsStep(TenantRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "registry.workstations";
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public Mono<Void> apply(TenantSpec spec) {
        return registry.ensureWorkstations(
                spec.slug(),
                spec.workstations().stream()
                        .map(w -> new Workstation(w.id(), w.name()))
                        .toList());
    }
}

package cn.hotline.tenant.registry;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * {@code GET /tenants/{tenant}/workstations}: the workstations a tenant's user may see. Kernel security has bound the
 * caller's tenant and scope unit; row-level security then shows a workstation user only their own workstation.
 */
@RestController
class WorkstationController {

    private final TenantRegistry registry;

    WorkstationController(TenantRegistry registry) {
        this.registry = registry;
    }

    /** A workstation as a tenant's users see it. */
    record WorkstationView(String id, String name) {}

    @GetMapping("/tenants/{tenant}/workstations")
    Flux<WorkstationView> workstations(@PathVariable String tenant) {
        return registry.workstationsOfBoundTenant().map(w -> new WorkstationView(w.id().value(), w.name()));
    }
}

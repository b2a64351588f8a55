package cn.hotline.tenant.provisioning;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.tenant.audit.AuditActors;
import cn.hotline.tenant.registry.Tenant;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The operator's tenant API: provision, list, inspect, retry, suspend, reactivate, deactivate. */
@RestController
@RequestMapping("/platform/tenants")
class TenantController {

    private final TenantProvisioning provisioning;

    TenantController(TenantProvisioning provisioning) {
        this.provisioning = provisioning;
    }

    /** A reason for a change of state. */
    record Reason(@Nullable String reason) {}

    @PostMapping
    Mono<ResponseEntity<TenantView>> provision(@RequestBody TenantDocument body) {
        TenantSpec spec = body.toSpec();
        return AuditActors.current()
                .flatMap(actor -> provisioning.provision(spec, actor))
                .map(outcome -> switch (outcome) {
                    case ProvisioningOutcome.Created created ->
                        ResponseEntity.created(URI.create("/platform/tenants/" + spec.slug()))
                                .body(created.tenant());
                    case ProvisioningOutcome.Unchanged unchanged -> ResponseEntity.ok(unchanged.tenant());
                });
    }

    @GetMapping
    Flux<Tenant> list() {
        return provisioning.list();
    }

    @GetMapping("/{tenant}")
    Mono<TenantView> one(@PathVariable String tenant) {
        return provisioning.view(id(tenant));
    }

    @PostMapping("/{tenant}/retry")
    Mono<TenantView> retry(@PathVariable String tenant) {
        TenantId id = id(tenant);
        return AuditActors.current().flatMap(actor -> provisioning.retry(id, actor));
    }

    @PostMapping("/{tenant}/suspend")
    Mono<TenantView> suspend(@PathVariable String tenant, @RequestBody(required = false) @Nullable Reason body) {
        TenantId id = id(tenant);
        String reason = body == null ? null : body.reason();
        return AuditActors.current().flatMap(actor -> provisioning.suspend(id, reason == null ? "" : reason, actor));
    }

    @PostMapping("/{tenant}/reactivate")
    Mono<TenantView> reactivate(@PathVariable String tenant) {
        TenantId id = id(tenant);
        return AuditActors.current().flatMap(actor -> provisioning.reactivate(id, actor));
    }

    /** Soft, audited deactivation; nothing is removed. */
    @DeleteMapping("/{tenant}")
    @org.springframework.web.bind.annotation.ResponseStatus(HttpStatus.OK)
    Mono<TenantView> deactivate(
            @PathVariable String tenant, @RequestParam(name = "reason", required = false) @Nullable String reason) {
        TenantId id = id(tenant);
        return AuditActors.current()
                .flatMap(actor ->
                        provisioning.deactivate(id, reason == null ? "deactivated by the operator" : reason, actor));
    }

    private static TenantId id(String tenant) {
        try {
            return TenantId.of(tenant);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemCode.NOT_FOUND, "No tenant '" + tenant + "'.");
        }
    }
}

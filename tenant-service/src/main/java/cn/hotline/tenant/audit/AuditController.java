package cn.hotline.tenant.audit;

import static cn.hotline.tenant.registry.TenantPaths.notFound;
import static cn.hotline.tenant.registry.TenantPaths.tenantId;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Callers;
import cn.hotline.kernel.security.Role;
import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reading and verifying audit chains; operators' support grants. */
@RestController
class AuditController {

    private final AuditLog audit;
    private final SupportGrants grants;

    AuditController(AuditLog audit, SupportGrants grants) {
        this.audit = audit;
        this.grants = grants;
    }

    /**
     * A tenant's own chain. The chain is the tenant bound to the request (by the kernel's security from the token);
     * a path naming another tenant is answered 404.
     */
    @GetMapping("/tenants/{tenant}/audit")
    Flux<AuditEntry> tenantEntries(
            @PathVariable String tenant,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(required = false) @Nullable Long before) {
        return boundTenant(tenant).flatMapMany(id -> audit.entries(id.value(), limit, before));
    }

    @GetMapping("/tenants/{tenant}/audit/verification")
    Mono<ChainVerification> tenantVerification(@PathVariable String tenant) {
        return boundTenant(tenant).flatMap(id -> audit.verify(id.value()));
    }

    /** The operator's view: the newest entries of all chains, or of one chain. */
    @GetMapping("/platform/audit")
    Flux<AuditEntry> platformEntries(
            @RequestParam(required = false) @Nullable String chain,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(required = false) @Nullable Long before) {
        return chain == null ? audit.latest(limit) : audit.entries(chain, limit, before);
    }

    @GetMapping("/platform/audit/{chain}/verification")
    Mono<ChainVerification> verification(@PathVariable String chain) {
        return audit.verify(chain);
    }

    /** The operator's request for a support grant. */
    record GrantRequest(@Nullable String reason, @Nullable Integer minutes) {}

    @PostMapping("/platform/tenants/{tenant}/support-grants")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SupportGrant> grant(@PathVariable String tenant, @RequestBody GrantRequest body) {
        TenantId id = tenantId(tenant);
        Duration duration = Duration.ofMinutes(body.minutes() == null ? 60 : body.minutes());
        return AuditActors.current()
                .flatMap(operator -> grants.grant(id, operator, body.reason() == null ? "" : body.reason(), duration));
    }

    @GetMapping("/platform/tenants/{tenant}/support-grants")
    Flux<SupportGrant> grants(@PathVariable String tenant) {
        return grants.of(tenantId(tenant));
    }

    @DeleteMapping("/platform/tenants/{tenant}/support-grants/{grant}")
    Mono<SupportGrant> revoke(@PathVariable String tenant, @PathVariable UUID grant) {
        TenantId id = tenantId(tenant);
        return AuditActors.current().flatMap(operator -> grants.revoke(id, grant, operator));
    }

    /**
     * For other services (ADR 0002 internal API): the grants of {@code operator} on {@code tenant} that are active now
     * — an empty list means the operator may not see the tenant's data.
     */
    @GetMapping("/internal/tenants/{tenant}/support-grants/active")
    Flux<SupportGrant> activeGrants(@PathVariable String tenant, @RequestParam String operator) {
        java.time.Instant now = java.time.Instant.now();
        return grants.of(tenantId(tenant)).filter(grant -> grant.operator().equals(operator) && grant.activeAt(now));
    }

    /**
     * The tenant whose chain a tenant admin may read: the one kernel security bound from the token (it has already
     * answered 404 to a token of another tenant). Only {@code TENANT_ADMIN} reads the audit log.
     */
    private static Mono<TenantId> boundTenant(String tenant) {
        TenantId path = tenantId(tenant);
        return Callers.current()
                .filter(caller -> caller.tenant().equals(path))
                .switchIfEmpty(Mono.error(() -> notFound(tenant)))
                .flatMap(caller -> caller.has(Role.TENANT_ADMIN)
                        ? Mono.just(path)
                        : Mono.error(new ProblemException(
                                ProblemCode.FORBIDDEN, "Only the tenant's administrators read its audit log.")));
    }
}

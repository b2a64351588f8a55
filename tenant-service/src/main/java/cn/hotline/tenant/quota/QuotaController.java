package cn.hotline.tenant.quota;

import static cn.hotline.tenant.registry.TenantPaths.notFound;
import static cn.hotline.tenant.registry.TenantPaths.tenantId;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.tenant.audit.AuditActors;
import cn.hotline.tenant.audit.AuditLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The operator's quota API and the consumption API other services call. */
@RestController
class QuotaController {

    private final QuotaManagement quotas;
    private final AuditLog audit;
    private final TransactionalOperator transactions;

    QuotaController(QuotaManagement quotas, AuditLog audit, TransactionalOperator transactions) {
        this.quotas = quotas;
        this.audit = audit;
        this.transactions = transactions;
    }

    /** Limits and current use. */
    record QuotaReport(String tenant, TenantQuotas limits, List<QuotaUsage> usage) {}

    /** The amount to take or give back; 1 when the body is absent. */
    record Amount(@Nullable Long amount) {
        long value() {
            return amount == null ? 1 : amount;
        }
    }

    @GetMapping("/platform/tenants/{tenant}/quotas")
    Mono<QuotaReport> report(@PathVariable String tenant) {
        TenantId id = tenantId(tenant);
        return quotas.limits(id)
                .switchIfEmpty(Mono.error(() -> notFound(tenant)))
                .flatMap(limits -> quotas.usage(id).collectList().map(usage -> new QuotaReport(tenant, limits, usage)));
    }

    @PutMapping("/platform/tenants/{tenant}/quotas")
    Mono<QuotaReport> change(@PathVariable String tenant, @RequestBody TenantQuotasRequest body) {
        TenantId id = tenantId(tenant);
        TenantQuotas next = body.toQuotas();
        return AuditActors.current()
                .flatMap(actor -> quotas.limits(id)
                        .switchIfEmpty(Mono.error(() -> notFound(tenant)))
                        .flatMap(before -> {
                            Map<String, Object> detail = new LinkedHashMap<>();
                            detail.put("before", before);
                            detail.put("after", next);
                            return Tenancy.runAs(
                                    TenantContext.platform("quota change"),
                                    transactions.transactional(quotas.setLimits(id, next)
                                            .then(audit.record(
                                                    id, actor, "quota.changed", "tenant:" + tenant, detail))));
                        }))
                .then(report(tenant));
    }

    @PostMapping("/internal/tenants/{tenant}/quotas/{kind}/acquire")
    Mono<QuotaUsage> acquire(
            @PathVariable String tenant,
            @PathVariable String kind,
            @RequestBody(required = false) @Nullable Amount body) {
        TenantId id = tenantId(tenant);
        QuotaKind quota = kind(kind);
        long amount = body == null ? 1 : body.value();
        return quotas.acquireOrFail(id, quota, amount);
    }

    @PostMapping("/internal/tenants/{tenant}/quotas/{kind}/release")
    Mono<QuotaUsage> release(
            @PathVariable String tenant,
            @PathVariable String kind,
            @RequestBody(required = false) @Nullable Amount body) {
        return quotas.release(tenantId(tenant), kind(kind), body == null ? 1 : body.value());
    }

    /** The operator's body: every limit, as numbers. */
    record TenantQuotasRequest(
            @Nullable Integer seats,
            @Nullable Integer concurrentCalls,
            @Nullable Long recordingStorageMb,
            @Nullable Integer apiRequestsPerSecond) {

        TenantQuotas toQuotas() {
            if (seats == null
                    || concurrentCalls == null
                    || recordingStorageMb == null
                    || apiRequestsPerSecond == null) {
                throw new ProblemException(
                        ProblemCode.VALIDATION_FAILED,
                        "Give every limit: seats, concurrentCalls, recordingStorageMb, apiRequestsPerSecond.");
            }
            try {
                return new TenantQuotas(seats, concurrentCalls, recordingStorageMb, apiRequestsPerSecond);
            } catch (IllegalArgumentException e) {
                throw new ProblemException(ProblemCode.VALIDATION_FAILED, e.getMessage());
            }
        }
    }

    private static QuotaKind kind(String segment) {
        return QuotaKind.fromSegment(segment)
                .orElseThrow(() -> new ProblemException(
                        ProblemCode.NOT_FOUND,
                        "No quota '" + segment
                                + "'; known: seats, concurrent-calls, recording-storage-mb, api-requests-per-second."));
    }
}

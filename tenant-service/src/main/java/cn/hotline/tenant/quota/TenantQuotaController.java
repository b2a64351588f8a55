package cn.hotline.tenant.quota;

import static cn.hotline.tenant.registry.TenantPaths.notFound;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.tenant.directory.Access;
import cn.hotline.tenant.directory.Permission;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The tenant admin's read-only view of its own quotas ("quotas in use"): every limit the operator set with what the
 * tenant uses now. Only the tenant's own admins ({@link Permission#QUOTAS_READ}); another tenant's path is 404.
 */
@RestController
class TenantQuotaController {

    private final QuotaManagement quotas;
    private final Access access;

    TenantQuotaController(QuotaManagement quotas, Access access) {
        this.quotas = quotas;
        this.access = access;
    }

    /**
     * One quota: {@code kind} ({@code SEATS}, {@code CONCURRENT_CALLS}, {@code RECORDING_STORAGE_MB}, {@code
     * API_REQUESTS_PER_SECOND}), its {@code unit}, {@code used}, {@code limit}, and whether it is a per-second rate.
     */
    record QuotaInUse(QuotaKind kind, String unit, long used, long limit, boolean rate) {
        static QuotaInUse of(QuotaUsage usage) {
            return new QuotaInUse(
                    usage.kind(),
                    switch (usage.kind()) {
                        case SEATS -> "seats";
                        case CONCURRENT_CALLS -> "calls";
                        case RECORDING_STORAGE_MB -> "MiB";
                        case API_REQUESTS_PER_SECOND -> "requests/s";
                    },
                    usage.used(),
                    usage.limit(),
                    usage.kind() == QuotaKind.API_REQUESTS_PER_SECOND);
        }
    }

    record QuotasInUse(String tenant, Instant at, List<QuotaInUse> quotas) {}

    @GetMapping("/tenants/{tenant}/quotas")
    Mono<QuotasInUse> inUse(@PathVariable String tenant) {
        return access.require(tenant, Permission.QUOTAS_READ).flatMap(grant -> {
            TenantId id = TenantId.of(grant.tenant());
            return quotas.usage(id)
                    .map(QuotaInUse::of)
                    .collectList()
                    .filter(list -> !list.isEmpty())
                    .switchIfEmpty(Mono.error(() -> notFound(tenant)))
                    .map(list -> new QuotasInUse(tenant, Instant.now(), list));
        });
    }
}

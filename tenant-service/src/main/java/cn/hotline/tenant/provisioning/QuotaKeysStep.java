package cn.hotline.tenant.provisioning;

import cn.hotline.tenant.quota.QuotaManagement;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Stores the tenant's quota limits and writes its Redis quota hash {@code t:{tenant}:quota}. */
@Component
class QuotaKeysStep implements ProvisioningStep {

    private final QuotaManagement quotas;

    QuotaKeysStep(QuotaManagement quotas) {
        this.quotas = quotas;
    }

    @Override
    public String name() {
        return "redis.quota-keys";
    }

    @Override
    public int order() {
        return ORDER_QUOTAS;
    }

    @Override
    public Mono<Void> apply(TenantSpec spec) {
        return quotas.setLimits(spec.slug(), spec.quotas());
    }
}

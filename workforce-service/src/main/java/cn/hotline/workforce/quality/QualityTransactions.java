package cn.hotline.workforce.quality;

import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Runs work in one transaction bound to a tenant (the kernel's tenant guard lets nothing else through). */
@Component
public final class QualityTransactions {

    private final TransactionalOperator operator;

    public QualityTransactions(TransactionalOperator operator) {
        this.operator = operator;
    }

    public <T> Mono<T> run(TenantContext tenant, Mono<T> work) {
        return Tenancy.runAs(tenant, operator.transactional(work));
    }

    public <T> Flux<T> run(TenantContext tenant, Flux<T> work) {
        return Tenancy.runAs(tenant, operator.transactional(work));
    }
}

package cn.hotline.workforce.scheduling;

import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Runs work in one transaction bound to a tenant (the kernel's tenant guard lets nothing else through). */
@Component
final class SchedulingTransactions {

    private final TransactionalOperator operator;

    SchedulingTransactions(TransactionalOperator operator) {
        this.operator = operator;
    }

    <T> Mono<T> run(TenantContext tenant, Mono<T> work) {
        return Tenancy.runAs(tenant, operator.transactional(work));
    }

    <T> Flux<T> run(TenantContext tenant, Flux<T> work) {
        return Tenancy.runAs(tenant, operator.transactional(work));
    }
}

package cn.hotline.ticket.city;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** One transaction bound to a tenant (or to platform work), the only way the kernel's tenant guard lets SQL through. */
@Component
final class CityTransactions {

    private final TransactionalOperator operator;

    CityTransactions(ReactiveTransactionManager transactions) {
        this.operator = TransactionalOperator.create(transactions);
    }

    <T> Mono<T> run(TenantId tenant, Mono<T> work) {
        return Tenancy.runAs(TenantContext.of(tenant), operator.transactional(work));
    }

    <T> Mono<T> platform(String reason, Mono<T> work) {
        return Tenancy.runAs(TenantContext.platform(reason), operator.transactional(work));
    }

    <T> Flux<T> platform(String reason, Flux<T> work) {
        return Tenancy.runAs(TenantContext.platform(reason), operator.transactional(work));
    }
}

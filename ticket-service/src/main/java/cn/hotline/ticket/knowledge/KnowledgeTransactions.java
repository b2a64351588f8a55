package cn.hotline.ticket.knowledge;

import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Database work in one transaction bound to a tenant context, the only way the kernel's tenant guard lets it run. */
@Component
final class KnowledgeTransactions {

    private final TransactionalOperator operator;

    KnowledgeTransactions(ReactiveTransactionManager transactions) {
        this.operator = TransactionalOperator.create(transactions);
    }

    <T> Mono<T> run(TenantContext tenant, Mono<T> work) {
        return Tenancy.runAs(tenant, operator.transactional(work));
    }

    <T> Flux<T> run(TenantContext tenant, Flux<T> work) {
        return Tenancy.runAs(tenant, operator.transactional(work));
    }
}

package cn.hotline.ticket.ticket;

import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs database work in one transaction bound to a tenant context, the only way the kernel's tenant guard lets a
 * statement through: the tenant goes into the Reactor Context outside the transactional boundary.
 */
@Component
public final class TicketTransactions {

    private final TransactionalOperator operator;

    public TicketTransactions(ReactiveTransactionManager transactions) {
        this.operator = TransactionalOperator.create(transactions);
    }

    public <T> Mono<T> run(TenantContext tenant, Mono<T> work) {
        return Tenancy.runAs(tenant, operator.transactional(work));
    }

    public <T> Flux<T> run(TenantContext tenant, Flux<T> work) {
        return Tenancy.runAs(tenant, operator.transactional(work));
    }
}

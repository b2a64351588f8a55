package cn.hotline.workforce.sms;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** One transaction bound to a tenant (the only way the kernel's tenant guard lets a statement through). */
@Component
final class SmsTransactions {

    private final TransactionalOperator operator;

    SmsTransactions(TransactionalOperator operator) {
        this.operator = operator;
    }

    <T> Mono<T> run(TenantId tenant, Mono<T> work) {
        return Tenancy.runAs(TenantContext.of(tenant), operator.transactional(work));
    }

    <T> Flux<T> run(TenantId tenant, Flux<T> work) {
        return Tenancy.runAs(TenantContext.of(tenant), operator.transactional(work));
    }

    <T> Flux<T> platform(String reason, Flux<T> work) {
        return Tenancy.runAs(TenantContext.platform(reason), operator.transactional(work));
    }
}

package cn.hotline.call.session;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.acd.QueueLimit;
import cn.hotline.kernel.id.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The tenant's wait limit for a call that starts waiting: emits the limit's action once the caller has waited {@code
 * afterSeconds}; empty when the tenant set none or its settings cannot be read (logged; the caller waits on).
 */
final class QueueLimits {

    private static final Logger log = LoggerFactory.getLogger(QueueLimits.class);

    private QueueLimits() {}

    static Mono<QueueLimit.Action> reached(AcdManagement acd, TenantId tenant) {
        return acd.queueLimit(tenant)
                .onErrorResume(error -> {
                    log.warn("Queue limit of tenant {} not read, callers wait on: {}", tenant, error.toString());
                    return Mono.just(java.util.Optional.empty());
                })
                .flatMap(limit -> limit.map(chosen -> Mono.delay(chosen.after()).thenReturn(chosen.action()))
                        .orElse(Mono.empty()));
    }
}

package cn.hotline.tenant.registry;

import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Told of every status change inside the transaction that makes it, so what it writes (the tenant-events outbox)
 * commits or rolls back with the change itself.
 */
public interface TenantStatusListener {

    /**
     * @param tenant the tenant after the change
     * @param from the states the change was allowed from (the tenant was in one of them)
     * @param reason the reason given, if any
     */
    Mono<Void> statusChanged(Tenant tenant, Set<TenantStatus> from, @Nullable String reason);
}

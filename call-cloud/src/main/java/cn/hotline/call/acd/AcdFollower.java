package cn.hotline.call.acd;

import cn.hotline.kernel.id.TenantId;
import reactor.core.publisher.Mono;

/**
 * Work that follows a tenant's decision history and must run where, and only while, the tenant's writer runs (so one
 * instance does it per tenant): e.g. call detail records and the call-event relay. The writer calls {@link #follow}
 * every {@code cc.call.acd.follow-interval}, never twice at once for one tenant; a failure is logged and retried at
 * the next turn.
 */
public interface AcdFollower {

    /** Catches up with the tenant's decisions persisted so far. */
    Mono<Void> follow(TenantId tenant);
}

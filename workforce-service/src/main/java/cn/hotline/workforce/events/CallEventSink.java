package cn.hotline.workforce.events;

import cn.hotline.kernel.events.CallEvent;
import cn.hotline.kernel.id.TenantId;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * A feature that folds a tenant's call events into its own tables. Delivery is at least once and in order per tenant:
 * a sink deduplicates on {@code eventId}; an error makes the consumer deliver the event again later.
 */
public interface CallEventSink {

    Mono<Void> accept(TenantId tenant, UUID eventId, CallEvent event);
}

package cn.hotline.workforce.events;

import cn.hotline.kernel.id.TenantId;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * A feature that acts on call-cloud's {@code CallRecorded} events (a call's recording is in the store). At least once
 * and in order per tenant, like {@link CallEventSink}: deduplicate on {@code eventId}; an error redelivers later.
 */
public interface CallRecordedSink {

    Mono<Void> accept(TenantId tenant, UUID eventId, RecordedCall recorded);
}

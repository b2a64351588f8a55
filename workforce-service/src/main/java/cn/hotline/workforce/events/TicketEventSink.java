package cn.hotline.workforce.events;

import cn.hotline.kernel.id.TenantId;
import java.util.UUID;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A feature that folds a tenant's ticket events ({@code TicketEventMessage} of ticket-service, read as JSON so that
 * this service does not depend on ticket-service's code). At least once: deduplicate on {@code eventId}.
 */
public interface TicketEventSink {

    Mono<Void> accept(TenantId tenant, UUID eventId, String type, JsonNode payload);
}

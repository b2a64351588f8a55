package cn.hotline.ticket.city;

import cn.hotline.kernel.id.TenantId;
import java.util.List;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * The city platform as the delivery worker sees it: hand over one change, learn whether it arrived. Adapters: {@link
 * PushCityPlatform} (we post a signed webhook to the city) and {@link PullCityPlatform} (the change waits in our pull
 * queue until the city polls). Which one serves a tenant is its {@link CityEndpoint#mode()}.
 */
public interface CityPlatform {

    CityEndpoint.Mode mode();

    /**
     * Delivers one change. The idempotency key is the same on every attempt, so the city can keep at most one effect
     * per key. Never fails: problems come back as {@link Outcome.Failed}.
     */
    Mono<Outcome> deliver(
            TenantId tenant,
            CityEndpoint endpoint,
            List<WebhookSecret> secrets,
            String idempotencyKey,
            ObjectNode body);

    /** What one delivery attempt achieved. */
    sealed interface Outcome {
        record Delivered(String detail) implements Outcome {}

        record Failed(String reason) implements Outcome {}
    }
}

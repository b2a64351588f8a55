package cn.hotline.ticket.city;

import cn.hotline.kernel.id.TenantId;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The push (webhook) adapter: POSTs the change, in the city's field names, to the tenant's URL, signed the Standard
 * Webhooks way with every active outbound secret; {@code webhook-id} and {@code Idempotency-Key} are the change's
 * idempotency key. A 2xx answer is delivered; anything else, a timeout or a refused connection is a failed attempt.
 */
@Component
final class PushCityPlatform implements CityPlatform {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final WebClient http;
    private final JsonMapper json;
    private final CityProperties properties;
    private final Clock clock;

    PushCityPlatform(JsonMapper json, CityProperties properties, ObjectProvider<Clock> clock) {
        // a client of its own: Boot 4 configures WebClient.Builder only with spring-boot-webclient, and the city
        // needs nothing but bytes
        this.http = WebClient.builder().build();
        this.json = json;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Override
    public CityEndpoint.Mode mode() {
        return CityEndpoint.Mode.PUSH;
    }

    @Override
    public Mono<Outcome> deliver(
            TenantId tenant, CityEndpoint endpoint, List<WebhookSecret> secrets, String key, ObjectNode body) {
        if (secrets.isEmpty()) {
            return Mono.just(new Outcome.Failed("tenant " + tenant + " has no active outbound secret"));
        }
        URI url = Objects.requireNonNull(endpoint.url());
        byte[] bytes = json.writeValueAsBytes(endpoint.mapping().toTheirs(body));
        long now = clock.instant().getEpochSecond();
        return http.post()
                .uri(url)
                .contentType(MediaType.APPLICATION_JSON)
                .header(WebhookSignatures.ID, key)
                .header(WebhookSignatures.TIMESTAMP, Long.toString(now))
                .header(WebhookSignatures.SIGNATURE, WebhookSignatures.sign(key, now, bytes, secrets))
                .header(IDEMPOTENCY_KEY, key)
                .bodyValue(bytes)
                .exchangeToMono(response -> response.releaseBody()
                        .thenReturn(
                                response.statusCode().is2xxSuccessful()
                                        ? (Outcome) new Outcome.Delivered(
                                                "HTTP " + response.statusCode().value())
                                        : new Outcome.Failed(
                                                "HTTP " + response.statusCode().value())))
                .timeout(properties.requestTimeout())
                .onErrorResume(error ->
                        Mono.just(new Outcome.Failed(error.getClass().getSimpleName() + ": " + error.getMessage())));
    }
}

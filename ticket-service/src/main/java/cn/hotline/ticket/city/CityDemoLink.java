package cn.hotline.ticket.city;

import cn.hotline.kernel.id.TenantId;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.function.Tuple2;
import reactor.util.retry.Retry;

/**
 * For the demo ({@code ./run}): once ticket-service is ready, gives each configured demo tenant an inbound and an
 * outbound secret and a push endpoint at the city-simulator (unless it has them already), and tells the simulator
 * the same secrets, retrying until the simulator is up. Off unless {@code cc.ticket.city.demo} is enabled with a
 * simulator URL.
 */
@Component
final class CityDemoLink {

    private static final Logger log = LoggerFactory.getLogger(CityDemoLink.class);

    private final CityDemoProperties properties;
    private final CitySettings settings;
    private final CityTransactions tx;
    private final WebClient http = WebClient.builder().build();

    CityDemoLink(CityDemoProperties properties, CitySettings settings, CityTransactions tx) {
        this.properties = properties;
        this.settings = settings;
        this.tx = tx;
    }

    @EventListener(ApplicationReadyEvent.class)
    void linkDemoTenants() {
        if (!properties.active()) {
            return;
        }
        // background work at start-up, not a request: nothing waits for it
        Flux.fromIterable(properties.tenants()).concatMap(this::link).subscribe();
    }

    Mono<Void> link(String slug) {
        TenantId tenant = TenantId.of(slug);
        URI simulator = URI.create(properties.simulatorUrl());
        return tx.run(
                        tenant,
                        secret(tenant, CitySettings.Direction.INBOUND)
                                .zipWith(secret(tenant, CitySettings.Direction.OUTBOUND))
                                .flatMap(secrets -> settings.endpoint()
                                        .hasElement()
                                        .flatMap(has -> has
                                                ? Mono.empty()
                                                : settings.putEndpoint(
                                                        tenant,
                                                        new CityEndpoint(
                                                                CityEndpoint.Mode.PUSH,
                                                                simulator.resolve("/city/" + slug + "/changes"),
                                                                FieldMapping.IDENTITY)))
                                        .thenReturn(secrets)))
                .flatMap(secrets -> tellSimulator(simulator, slug, secrets))
                .doOnSuccess(done -> log.info("demo tenant {} linked to the city-simulator at {}", slug, simulator))
                .onErrorResume(error -> {
                    log.warn("demo tenant {} not linked to the city-simulator: {}", slug, error.toString());
                    return Mono.empty();
                });
    }

    /** The first active secret of a direction, made when there is none. */
    private Mono<WebhookSecret> secret(TenantId tenant, CitySettings.Direction direction) {
        return settings.activeSecrets(direction)
                .flatMap(active -> active.isEmpty()
                        ? Mono.fromCallable(WebhookSecret::generate)
                                .subscribeOn(Schedulers.boundedElastic())
                                .flatMap(made -> settings.addSecret(tenant, direction, made)
                                        .thenReturn(made))
                        : Mono.just(active.getFirst()));
    }

    private Mono<Void> tellSimulator(URI simulator, String slug, Tuple2<WebhookSecret, WebhookSecret> secrets) {
        return http.put()
                .uri(simulator.resolve("/city/tenants/" + slug))
                .bodyValue(Map.of(
                        "signingSecret", secrets.getT1().encoded(),
                        "verifyingSecrets", List.of(secrets.getT2().encoded())))
                .retrieve()
                .toBodilessEntity()
                .retryWhen(Retry.backoff(30, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(10)))
                .then();
    }
}

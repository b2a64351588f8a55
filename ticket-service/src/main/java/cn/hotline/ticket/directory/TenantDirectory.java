package cn.hotline.ticket.directory;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.InternalToken;
import cn.hotline.kernel.security.SecurityProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/**
 * Reads a tenant's units and calendar from tenant-service, each cached per tenant for {@code cache-for}. A failing
 * tenant-service fails the request that needs it with 503 {@code DEPENDENCY_DOWN} (fail closed: a ticket is never
 * dispatched to a unit nobody could check).
 */
@Component
public final class TenantDirectory {

    private final WebClient http;
    private final Duration cacheFor;
    private final Duration timeout;
    private final Map<TenantId, Mono<List<HandlingUnit>>> units = new ConcurrentHashMap<>();
    private final Map<TenantId, Mono<CalendarData>> calendars = new ConcurrentHashMap<>();

    TenantDirectory(DirectoryProperties properties, SecurityProperties security) {
        this.http = WebClient.builder()
                .baseUrl(properties.baseUrl().toString())
                .defaultHeader(InternalToken.HEADER, security.internalTokenValue())
                .build();
        this.cacheFor = properties.cacheFor();
        this.timeout = properties.timeout();
    }

    public Mono<List<HandlingUnit>> units(TenantId tenant) {
        return units.computeIfAbsent(tenant, t -> http.get()
                .uri("/internal/tenants/{t}/units", t.value())
                .retrieve()
                .bodyToFlux(HandlingUnit.class)
                .collectList()
                .timeout(timeout)
                .onErrorMap(TenantDirectory::down)
                .cache(value -> cacheFor, error -> Duration.ZERO, () -> Duration.ZERO));
    }

    public Mono<Optional<HandlingUnit>> unit(TenantId tenant, String code) {
        return units(tenant)
                .map(all -> all.stream().filter(u -> u.code().equals(code)).findFirst());
    }

    public Mono<CalendarData> calendar(TenantId tenant) {
        return calendars.computeIfAbsent(tenant, t -> http.get()
                .uri("/internal/tenants/{t}/calendar", t.value())
                .retrieve()
                .bodyToMono(CalendarData.class)
                .timeout(timeout)
                .onErrorMap(TenantDirectory::down)
                .cache(value -> cacheFor, error -> Duration.ZERO, () -> Duration.ZERO));
    }

    private static Throwable down(Throwable error) {
        if (error instanceof ProblemException) {
            return error;
        }
        String why = error instanceof WebClientResponseException response
                ? "answered " + response.getStatusCode().value()
                : error.getClass().getSimpleName();
        return new ProblemException(
                ProblemCode.DEPENDENCY_DOWN, "tenant-service could not be asked for units or calendar (" + why + ").");
    }
}

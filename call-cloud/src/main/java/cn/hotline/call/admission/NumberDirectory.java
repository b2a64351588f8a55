package cn.hotline.call.admission;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.security.InternalToken;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/**
 * Called number → owning tenant, asked of tenant-service ({@code GET /internal/numbers/{number}}) and kept briefly
 * (owners for {@code numberCacheTtl}, unknown numbers for the shorter {@code unknownNumberCacheTtl}). Failures are not
 * kept: the next call asks again.
 */
final class NumberDirectory {

    private static final int MAX_ENTRIES = 10_000;

    private final WebClient http;
    private final String internalToken;
    private final Duration ownerTtl;
    private final Duration unknownTtl;
    private final LongSupplier nanos;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    private record Entry(Mono<Optional<TenantId>> owner, long expiresAt) {}

    /** tenant-service's answer. */
    record Owner(String number, String tenant) {}

    NumberDirectory(WebClient http, String internalToken, Duration ownerTtl, Duration unknownTtl, LongSupplier nanos) {
        this.http = http;
        this.internalToken = internalToken;
        this.ownerTtl = ownerTtl;
        this.unknownTtl = unknownTtl;
        this.nanos = nanos;
    }

    /** The tenant owning {@code number}; empty Optional when nobody does. */
    Mono<Optional<TenantId>> owner(String number) {
        long now = nanos.getAsLong();
        Entry entry = cache.get(number);
        if (entry == null || entry.expiresAt() - now < 0) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            Mono<Optional<TenantId>> lookup = fetch(number)
                    .cache(
                            found -> found.isPresent() ? ownerTtl : unknownTtl,
                            error -> Duration.ZERO,
                            () -> Duration.ZERO);
            Entry fresh = new Entry(lookup, now + Math.max(ownerTtl.toNanos(), unknownTtl.toNanos()));
            cache.put(number, fresh);
            entry = fresh;
        }
        Entry used = entry;
        return used.owner().doOnError(error -> cache.remove(number, used)).doOnNext(found -> {
            if (found.isEmpty() && nanos.getAsLong() - now > unknownTtl.toNanos()) {
                cache.remove(number, used);
            }
        });
    }

    /** Forgets every kept answer (a number moved to another tenant). */
    void forget() {
        cache.clear();
    }

    private Mono<Optional<TenantId>> fetch(String number) {
        return http.get()
                .uri("/internal/numbers/{number}", number)
                .header(InternalToken.HEADER, internalToken)
                .retrieve()
                .bodyToMono(Owner.class)
                .map(owner -> Optional.of(TenantId.of(owner.tenant())))
                .onErrorResume(
                        WebClientResponseException.class,
                        e -> e.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)
                                ? Mono.just(Optional.empty())
                                : Mono.error(e))
                .timeout(Duration.ofSeconds(3));
    }
}

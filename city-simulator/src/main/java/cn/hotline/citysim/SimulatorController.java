package cn.hotline.citysim;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The simulated city's API:
 *
 * <ul>
 *   <li>{@code POST /city/{tenant}/changes}: a delivery from the platform, signed; one effect per idempotency key
 *       ({@code webhook-id}); a configured share fails (503, no effect) or stalls (effect, late answer);
 *   <li>{@code GET /city/received?tenant=}: what arrived; {@code DELETE /city/received}: forget it;
 *   <li>{@code PUT /city/faults}: {@code {"failureRate":0.05,"timeoutRate":0.02}};
 *   <li>{@code PUT /city/target}: {@code {"url":"http://127.0.0.1:18080"}}, where pushes go;
 *   <li>{@code PUT /city/tenants/{tenant}}: {@code {"signingSecret":"whsec_…","verifyingSecrets":["whsec_…"]}};
 *   <li>{@code POST /city/{tenant}/push/{kind}} (kind {@code tickets}, {@code urges}, {@code status-queries}): signs
 *       the body and pushes it to the platform's {@code /hooks/city/{tenant}/{kind}}; answers with the platform's
 *       status and body. Header {@code X-Webhook-Id} reuses an id (to show idempotency).
 * </ul>
 */
@RestController
final class SimulatorController {

    private static final Logger log = LoggerFactory.getLogger(SimulatorController.class);
    private static final List<String> KINDS = List.of("tickets", "urges", "status-queries");

    private final Ledger ledger;
    private final AtomicReference<Faults> faults;
    private final Duration timeoutDelay;
    private final AtomicReference<URI> target;
    private final Map<String, SimulatorProperties.TenantSecrets> tenants = new ConcurrentHashMap<>();
    private final WebClient http = WebClient.builder().build();
    private final Clock clock = Clock.systemUTC();

    SimulatorController(Ledger ledger, SimulatorProperties properties) {
        this.ledger = ledger;
        this.faults = new AtomicReference<>(new Faults(properties.failureRate(), properties.timeoutRate()));
        this.timeoutDelay = Objects.requireNonNull(properties.timeoutDelay());
        this.target = new AtomicReference<>(Objects.requireNonNull(properties.targetUrl()));
        this.tenants.putAll(Objects.requireNonNull(properties.tenants()));
    }

    @PostMapping(value = "/city/{tenant}/changes", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Map<String, Object>>> receive(
            @PathVariable String tenant,
            @RequestHeader(value = "webhook-id", required = false) @Nullable String id,
            @RequestHeader(value = "webhook-timestamp", required = false) @Nullable String timestamp,
            @RequestHeader(value = "webhook-signature", required = false) @Nullable String signature,
            @RequestBody(required = false) byte @Nullable [] body) {
        ledger.requests.incrementAndGet();
        byte[] bytes = body == null ? new byte[0] : body;
        SimulatorProperties.TenantSecrets secrets = tenants.get(tenant);
        List<String> verifying = secrets == null || secrets.verifyingSecrets() == null
                ? List.of()
                : Objects.requireNonNull(secrets.verifyingSecrets());
        String problem = Signatures.problem(id, timestamp, signature, bytes, verifying, clock.instant());
        if (problem != null) {
            ledger.rejected.incrementAndGet();
            return Mono.just(ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", problem)));
        }
        String key = Objects.requireNonNull(id);
        Faults.Fate fate = faults.get().fate(ThreadLocalRandom.current().nextDouble());
        if (fate == Faults.Fate.FAIL) {
            ledger.injectedFailures.incrementAndGet();
            return Mono.just(
                    ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", "injected failure")));
        }
        Ledger.Recorded recorded = ledger.record(tenant, key, bytes);
        ResponseEntity<Map<String, Object>> answer = ResponseEntity.ok(Map.of("result", recorded.name()));
        if (fate == Faults.Fate.STALL) {
            ledger.injectedTimeouts.incrementAndGet();
            return Mono.delay(timeoutDelay).thenReturn(answer);
        }
        return Mono.just(answer);
    }

    @GetMapping("/city/received")
    Ledger.Summary received(@RequestParam(defaultValue = "") String tenant) {
        return ledger.summary(tenant);
    }

    @GetMapping("/city/received/{tenant}/bodies")
    List<String> bodies(@PathVariable String tenant) {
        return ledger.effects(tenant).stream().map(Ledger.Effect::body).toList();
    }

    @DeleteMapping("/city/received")
    ResponseEntity<Void> forget() {
        ledger.clear();
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/city/faults")
    Faults faults(@RequestBody Faults next) {
        faults.set(next);
        log.info("city simulator faults now: {}", next);
        return next;
    }

    @PutMapping("/city/tenants/{tenant}")
    SimulatorProperties.TenantSecrets tenant(
            @PathVariable String tenant, @RequestBody SimulatorProperties.TenantSecrets secrets) {
        if (secrets.signingSecret() != null) {
            Signatures.key(secrets.signingSecret());
        }
        tenants.put(tenant, secrets);
        return secrets;
    }

    /** Where pushes go: {@code {"url": "http://127.0.0.1:18080"}}. */
    record Target(URI url) {}

    @PutMapping("/city/target")
    Target target(@RequestBody Target next) {
        if (next.url() == null || next.url().getHost() == null) {
            throw new IllegalArgumentException("url must be an absolute http(s) URL");
        }
        target.set(next.url());
        return next;
    }

    @PostMapping(value = "/city/{tenant}/push/{kind}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<String>> push(
            @PathVariable String tenant,
            @PathVariable String kind,
            @RequestHeader(value = "X-Webhook-Id", required = false) @Nullable String reuseId,
            @RequestBody String body) {
        SimulatorProperties.TenantSecrets secrets = tenants.get(tenant);
        if (!KINDS.contains(kind) || secrets == null || secrets.signingSecret() == null) {
            return Mono.just(ResponseEntity.badRequest()
                    .body("{\"error\":\"kind is tickets, urges or status-queries, and the tenant needs a"
                            + " signingSecret (PUT /city/tenants/{tenant})\"}"));
        }
        String id = reuseId == null ? "city-" + UUID.randomUUID() : reuseId;
        long now = clock.instant().getEpochSecond();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return http.post()
                .uri(target.get().resolve("/hooks/city/" + tenant + "/" + kind))
                .contentType(MediaType.APPLICATION_JSON)
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", Signatures.sign(id, now, bytes, List.of(secrets.signingSecret())))
                .bodyValue(bytes)
                .exchangeToMono(response -> response.bodyToMono(String.class)
                        .defaultIfEmpty("")
                        .map(text -> ResponseEntity.status(response.statusCode())
                                .contentType(MediaType.APPLICATION_JSON)
                                .header("webhook-id", id)
                                .body(text)));
    }
}

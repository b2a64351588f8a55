package cn.hotline.ticket.city;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The city platform's signed pushes, open paths that authenticate themselves ({@code cc.security.open-paths:
 * /hooks/**}; the gateway forwards {@code /hooks/**} unchanged): {@code POST /hooks/city/{tenant}/tickets}, {@code
 * .../urges}, {@code .../status-queries}, and the pull adapter's {@code GET /hooks/city/{tenant}/changes}.
 */
@RestController
final class CityHooksController {

    static final String REPLAYED = "webhook-replayed";

    private final CityInbound inbound;
    private final PullCityPlatform pull;

    CityHooksController(CityInbound inbound, PullCityPlatform pull) {
        this.inbound = inbound;
        this.pull = pull;
    }

    @PostMapping(value = "/hooks/city/{tenant}/tickets", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<JsonNode>> ticket(
            @PathVariable String tenant,
            @RequestHeader(value = WebhookSignatures.ID, required = false) @Nullable String id,
            @RequestHeader(value = WebhookSignatures.TIMESTAMP, required = false) @Nullable String timestamp,
            @RequestHeader(value = WebhookSignatures.SIGNATURE, required = false) @Nullable String signature,
            @RequestBody(required = false) byte @Nullable [] body) {
        return receive(tenant, CityInbound.Kind.TICKET, id, timestamp, signature, body);
    }

    @PostMapping(value = "/hooks/city/{tenant}/urges", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<JsonNode>> urge(
            @PathVariable String tenant,
            @RequestHeader(value = WebhookSignatures.ID, required = false) @Nullable String id,
            @RequestHeader(value = WebhookSignatures.TIMESTAMP, required = false) @Nullable String timestamp,
            @RequestHeader(value = WebhookSignatures.SIGNATURE, required = false) @Nullable String signature,
            @RequestBody(required = false) byte @Nullable [] body) {
        return receive(tenant, CityInbound.Kind.URGE, id, timestamp, signature, body);
    }

    @PostMapping(value = "/hooks/city/{tenant}/status-queries", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<JsonNode>> status(
            @PathVariable String tenant,
            @RequestHeader(value = WebhookSignatures.ID, required = false) @Nullable String id,
            @RequestHeader(value = WebhookSignatures.TIMESTAMP, required = false) @Nullable String timestamp,
            @RequestHeader(value = WebhookSignatures.SIGNATURE, required = false) @Nullable String signature,
            @RequestBody(required = false) byte @Nullable [] body) {
        return receive(tenant, CityInbound.Kind.STATUS_QUERY, id, timestamp, signature, body);
    }

    /** The pull adapter: changes after {@code after} (a sequence number), oldest first; signed like a push, no body. */
    @GetMapping(value = "/hooks/city/{tenant}/changes", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<PullCityPlatform.Page> changes(
            @PathVariable String tenant,
            @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "100") int limit,
            @RequestHeader(value = WebhookSignatures.ID, required = false) @Nullable String id,
            @RequestHeader(value = WebhookSignatures.TIMESTAMP, required = false) @Nullable String timestamp,
            @RequestHeader(value = WebhookSignatures.SIGNATURE, required = false) @Nullable String signature) {
        if (after < 0 || limit < 1 || limit > 500) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED,
                    "after must be 0 or more and limit between 1 and 500.",
                    java.util.Map.of("field", after < 0 ? "after" : "limit")));
        }
        return inbound.verifyPoll(tenant, id, timestamp, signature).flatMap(t -> pull.page(t, after, limit));
    }

    private Mono<ResponseEntity<JsonNode>> receive(
            String tenant,
            CityInbound.Kind kind,
            @Nullable String id,
            @Nullable String timestamp,
            @Nullable String signature,
            byte @Nullable [] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        return Mono.defer(() -> inbound.receive(tenant, kind, id, timestamp, signature, bytes))
                .map(answer -> ResponseEntity.status(answer.status())
                        .header(REPLAYED, Boolean.toString(answer.replayed()))
                        .body(Objects.requireNonNull(answer.body())));
    }
}

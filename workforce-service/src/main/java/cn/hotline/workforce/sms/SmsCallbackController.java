package cn.hotline.workforce.sms;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /hooks/sms/{tenant}}: an HTTP provider's delivery report, {@code {messageId, status: DELIVERED|FAILED,
 * error?}}, signed like our submits ({@code X-Timestamp}, {@code X-Nonce}, {@code X-Signature} = HMAC-SHA256 with the
 * tenant's provider secret over {@code ts + "\n" + nonce + "\n" + body}); a timestamp more than 5 minutes off, a bad
 * signature or a tenant without an HTTP provider is 401 {@code UNAUTHENTICATED} and changes nothing. A report for a
 * message id of another tenant is ignored. No bearer token: the path is one of {@code cc.security.open-paths}.
 */
@RestController
final class SmsCallbackController {

    private static final Duration WINDOW = Duration.ofMinutes(5);

    private final SmsStore store;
    private final SmsTransactions tx;
    private final SmsReceipts receipts;
    private final JsonMapper json;
    private final Clock clock;

    SmsCallbackController(
            SmsStore store, SmsTransactions tx, SmsReceipts receipts, JsonMapper json, ObjectProvider<Clock> clock) {
        this.store = store;
        this.tx = tx;
        this.receipts = receipts;
        this.json = json;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @PostMapping("/hooks/sms/{tenant}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> report(
            @PathVariable String tenant,
            @RequestHeader(name = "X-Timestamp", required = false) @Nullable String timestamp,
            @RequestHeader(name = "X-Nonce", required = false) @Nullable String nonce,
            @RequestHeader(name = "X-Signature", required = false) @Nullable String signature,
            @RequestBody String body) {
        TenantId id;
        try {
            id = TenantId.of(tenant);
        } catch (IllegalArgumentException e) {
            return Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No such tenant."));
        }
        if (timestamp == null || nonce == null || signature == null || !fresh(timestamp)) {
            return Mono.error(unauthenticated());
        }
        return tx.run(id, store.settings(id)).flatMap(settings -> {
            String secret = settings.httpSecret();
            if (!"HTTP".equals(settings.provider()) || secret == null) {
                return Mono.error(unauthenticated());
            }
            String expected = HttpSmsGateway.sign(secret, timestamp + "\n" + nonce + "\n" + body);
            if (!MessageDigest.isEqual(
                    expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8))) {
                return Mono.error(unauthenticated());
            }
            JsonNode report;
            try {
                report = json.readTree(body);
            } catch (RuntimeException e) {
                return Mono.error(new ProblemException(ProblemCode.MALFORMED_REQUEST, "the report is not JSON"));
            }
            String messageId = report.path("messageId").asString("");
            String status = report.path("status").asString("");
            if (messageId.isBlank() || !(status.equals("DELIVERED") || status.equals("FAILED"))) {
                return Mono.error(new ProblemException(
                        ProblemCode.VALIDATION_FAILED,
                        "a report needs messageId and status DELIVERED or FAILED",
                        Map.of("field", messageId.isBlank() ? "messageId" : "status")));
            }
            String error = report.path("error").asString("");
            return receipts.receipt(
                    id, messageId, status.equals("DELIVERED") ? "DELIVRD" : "UNDELIV", error.isBlank() ? null : error);
        });
    }

    private boolean fresh(String timestamp) {
        try {
            Instant at = Instant.ofEpochMilli(Long.parseLong(timestamp));
            return Duration.between(at, clock.instant()).abs().compareTo(WINDOW) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static ProblemException unauthenticated() {
        return new ProblemException(
                ProblemCode.UNAUTHENTICATED, "The report's signature, timestamp or tenant does not check out.");
    }
}

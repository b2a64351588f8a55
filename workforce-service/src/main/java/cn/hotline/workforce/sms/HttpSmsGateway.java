package cn.hotline.workforce.sms;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cloud SMS providers through one generic signed JSON POST to the tenant's {@code httpUrl}:
 * {@code {accessKey, to, sign, content, clientRef}} with headers {@code X-Timestamp}, {@code X-Nonce} and
 * {@code X-Signature = hex(HMAC-SHA256(secret, timestamp + "\n" + nonce + "\n" + body))}. A 2xx answer with a
 * {@code messageId} is accepted (one id: the provider splits long texts itself); anything else is a rejection with the
 * provider's words. Per-vendor dialects (Aliyun, Tencent Cloud) would be further adapters of the same port.
 */
@Component
final class HttpSmsGateway implements SmsGateway {

    private final WebClient http;
    private final JsonMapper json;
    private final Clock clock;

    HttpSmsGateway(JsonMapper json, ObjectProvider<Clock> clock) {
        this.http = WebClient.builder().build();
        this.json = json;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Override
    public String provider() {
        return "HTTP";
    }

    @Override
    public Mono<Submission> submit(OutgoingSms sms) {
        SmsSettings s = sms.settings();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("accessKey", Objects.requireNonNull(s.httpAccessKey()));
        payload.put("to", sms.to());
        payload.put("sign", s.signName());
        payload.put("content", sms.text());
        payload.put("clientRef", sms.message().toString());
        String body = json.writeValueAsString(payload);
        String timestamp = String.valueOf(clock.millis());
        // not SecureRandom: a nonce only has to be unique, and seeding SecureRandom blocks the event loop
        String nonce = Long.toHexString(ThreadLocalRandom.current().nextLong()) + sms.message();
        String signature = sign(Objects.requireNonNull(s.httpSecret()), timestamp + "\n" + nonce + "\n" + body);
        return http.post()
                .uri(Objects.requireNonNull(s.httpUrl()))
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Timestamp", timestamp)
                .header("X-Nonce", nonce)
                .header("X-Signature", signature)
                .bodyValue(body.getBytes(StandardCharsets.UTF_8))
                .exchangeToMono(response -> response.bodyToMono(String.class)
                        .defaultIfEmpty("")
                        .<Submission>map(text -> {
                            if (!response.statusCode().is2xxSuccessful()) {
                                return new Submission.Rejected(
                                        "HTTP " + response.statusCode().value() + ": " + abbreviate(text));
                            }
                            JsonNode answer = json.readTree(text);
                            JsonNode id = answer.get("messageId");
                            return id == null || id.asString().isBlank()
                                    ? new Submission.Rejected(
                                            "provider answered without messageId: " + abbreviate(text))
                                    : new Submission.Accepted(List.of(id.asString()));
                        }))
                .timeout(Duration.ofSeconds(10))
                .onErrorResume(error -> Mono.just(new Submission.Rejected("HTTP provider: " + error)));
    }

    static String sign(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) : text;
    }
}

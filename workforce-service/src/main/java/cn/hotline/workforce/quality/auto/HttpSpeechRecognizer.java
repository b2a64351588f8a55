package cn.hotline.workforce.quality.auto;

import cn.hotline.kernel.crypto.PersonalDataCipher;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The speech-recognition port over HTTP, one endpoint per tenant ({@code qa_asr_endpoint}): {@code POST <url>} with
 * the stereo WAV as {@code audio/wav}, headers {@code X-Call-Id}, {@code X-Channels: caller=left,agent=right},
 * {@code X-Model} when set, and {@code Authorization: Bearer <key>} when a key is stored (sealed with the tenant's
 * SM4 key, opened only for the call). The answer is {@code {"segments": [{"speaker": "CALLER"|"AGENT",
 * "startMs", "endMs", "text"}]}}: the contract a small adapter in front of a self-hosted (e.g. FunASR, Whisper) or cloud
 * ASR provides. Empty when the tenant configured none. Must run inside the tenant's transaction (it reads the table).
 */
public final class HttpSpeechRecognizer implements SpeechRecognizer {

    private final DatabaseClient db;
    private final PersonalDataCipher cipher;
    private final WebClient http;
    private final Duration timeout;

    public HttpSpeechRecognizer(DatabaseClient db, PersonalDataCipher cipher, int maxBytes, Duration timeout) {
        this.db = db;
        this.cipher = cipher;
        this.timeout = timeout;
        this.http = WebClient.builder()
                .exchangeStrategies(ExchangeStrategies.builder()
                        .codecs(c -> c.defaultCodecs().maxInMemorySize(maxBytes))
                        .build())
                .build();
    }

    record Endpoint(String url, @Nullable String sealedKey, @Nullable String model) {}

    record Answer(@Nullable List<Transcript.Segment> segments) {}

    @Override
    public Mono<Transcript> transcribe(TenantId tenant, CallId call, byte[] stereoWav) {
        return db.sql("SELECT url, api_key, model FROM qa_asr_endpoint")
                .map(row -> new Endpoint(
                        Objects.requireNonNull(row.get("url", String.class)),
                        row.get("api_key", String.class),
                        row.get("model", String.class)))
                .one()
                .flatMap(endpoint -> http.post()
                        .uri(endpoint.url())
                        .contentType(MediaType.parseMediaType("audio/wav"))
                        .headers(h -> {
                            h.set("X-Call-Id", call.toString());
                            h.set("X-Channels", "caller=left,agent=right");
                            if (endpoint.model() != null) {
                                h.set("X-Model", endpoint.model());
                            }
                            if (endpoint.sealedKey() != null) {
                                h.setBearerAuth(
                                        cipher.open(tenant, Base64.getDecoder().decode(endpoint.sealedKey())));
                            }
                        })
                        .bodyValue(stereoWav)
                        .retrieve()
                        .bodyToMono(Answer.class)
                        .timeout(timeout)
                        .map(answer -> new Transcript(answer.segments() == null ? List.of() : answer.segments()))
                        .onErrorMap(
                                e -> !(e instanceof ProblemException),
                                e -> new ProblemException(
                                        ProblemCode.DEPENDENCY_DOWN,
                                        "The tenant's speech recognizer at " + endpoint.url() + " failed: "
                                                + e.getClass().getSimpleName())));
    }

    /** Stores the tenant's endpoint (the key sealed). */
    public Mono<Void> configure(TenantId tenant, String url, @Nullable String apiKey, @Nullable String model) {
        String sealed = apiKey == null ? null : Base64.getEncoder().encodeToString(cipher.seal(tenant, apiKey));
        return db.sql("INSERT INTO qa_asr_endpoint (tenant_id, url, api_key, model) VALUES (:t, :u, :k, :m)"
                        + " ON CONFLICT (tenant_id) DO UPDATE SET url = excluded.url, api_key = excluded.api_key,"
                        + " model = excluded.model, updated_at = clock_timestamp()")
                .bind("t", tenant.value())
                .bind("u", url)
                .bind("k", org.springframework.r2dbc.core.Parameter.fromOrEmpty(sealed, String.class))
                .bind("m", org.springframework.r2dbc.core.Parameter.fromOrEmpty(model, String.class))
                .fetch()
                .rowsUpdated()
                .then();
    }
}

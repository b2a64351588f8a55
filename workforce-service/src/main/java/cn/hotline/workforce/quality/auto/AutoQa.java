package cn.hotline.workforce.quality.auto;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.media.recording.AuditEntry;
import cn.hotline.media.recording.RecordingArchive;
import cn.hotline.workforce.quality.QualityTransactions;
import io.r2dbc.postgresql.codec.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Automatic QA of one call: reads the call's stereo recording from media's recording archive (bucket
 * {@code rec-<tenant>}, key {@code calls/<call>.wav}, through its audited short-lived link), computes {@link RecordingSignals}, takes the call's
 * transcript (one stored for it, else the tenant's {@link SpeechRecognizer}, else none) and checks the tenant's
 * {@link TranscriptRules} on it; the result is stored per call.
 */
public final class AutoQa {

    private final DatabaseClient db;
    private final QualityTransactions tx;
    private final RecordingArchive archive;
    private final SpeechRecognizer recognizer;
    private final RecordingSignals.Thresholds thresholds;
    private final WebClient download;
    private final JsonMapper json = JsonMapper.builder().build();

    public AutoQa(
            DatabaseClient db,
            QualityTransactions tx,
            RecordingArchive archive,
            SpeechRecognizer recognizer,
            RecordingSignals.Thresholds thresholds,
            int maxRecordingBytes) {
        this.db = db;
        this.tx = tx;
        this.archive = archive;
        this.recognizer = recognizer;
        this.thresholds = thresholds;
        this.download = WebClient.builder()
                .exchangeStrategies(ExchangeStrategies.builder()
                        .codecs(c -> c.defaultCodecs().maxInMemorySize(maxRecordingBytes))
                        .build())
                .build();
    }

    /** The stored outcome: signals, the transcript's source and the rule findings (null without a transcript). */
    public record Result(
            CallId call,
            RecordingSignals signals,
            @Nullable String transcriptSource,
            @Nullable List<TranscriptRules.Finding> findings,
            @Nullable Boolean passed,
            Instant computedAt) {}

    /**
     * Analyses the call's recording for {@code tenant}. The database work (the audited link, the transcript and rules,
     * the result) runs in short transactions of its own; downloading the recording and computing its signals hold
     * none.
     */
    public Mono<Result> run(TenantId tenant, CallId call) {
        TenantContext context = TenantContext.of(tenant);
        return recording(tenant, call).flatMap(wav -> Mono.fromCallable(() -> RecordingSignals.of(wav, thresholds))
                .subscribeOn(Schedulers.parallel())
                .onErrorMap(
                        IllegalArgumentException.class,
                        e -> new ProblemException(
                                ProblemCode.CONFLICT,
                                "The recording of call " + call + " cannot be analysed: " + e.getMessage()))
                .flatMap(signals -> tx.run(
                        context,
                        transcript(tenant, call, wav)
                                .map(Optional::of)
                                .defaultIfEmpty(Optional.empty())
                                .flatMap(transcript -> rules().map(Optional::of)
                                        .defaultIfEmpty(Optional.empty())
                                        .flatMap(rules -> store(tenant, call, signals, transcript, rules))))));
    }

    public Mono<Result> result(CallId call) {
        return db.sql("SELECT signals, findings, computed_at FROM qa_auto_result WHERE call_id = :c")
                .bind("c", call.value())
                .map(row -> {
                    Map<String, Object> stored = json.readValue(
                            Objects.requireNonNull(row.get("findings", Json.class))
                                    .asString(),
                            new TypeReference<Map<String, Object>>() {});
                    Object source = stored.get("source");
                    Object findings = stored.get("findings");
                    Object passed = stored.get("passed");
                    return new Result(
                            call,
                            json.readValue(
                                    Objects.requireNonNull(row.get("signals", Json.class))
                                            .asString(),
                                    RecordingSignals.class),
                            source instanceof String s ? s : null,
                            findings == null
                                    ? null
                                    : json.convertValue(
                                            findings, new TypeReference<List<TranscriptRules.Finding>>() {}),
                            passed instanceof Boolean b ? b : null,
                            Objects.requireNonNull(row.get("computed_at", OffsetDateTime.class))
                                    .toInstant());
                })
                .one()
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.NOT_FOUND, "Call " + call + " has no automatic QA result yet.")));
    }

    /** The recording, through an audited download link (who: {@code system:auto-qa}). */
    private Mono<byte[]> recording(TenantId tenant, CallId call) {
        return tx.run(
                        TenantContext.of(tenant),
                        archive.link(tenant, call, "system:auto-qa", AuditEntry.Action.DOWNLOAD, "automatic QA"))
                .flatMap(url -> download.get().uri(url).retrieve().bodyToMono(byte[].class))
                .onErrorMap(
                        e -> e instanceof WebClientResponseException.NotFound
                                || String.valueOf(e.getMessage()).contains("NoSuchKey")
                                || String.valueOf(e.getMessage()).contains("NoSuchBucket"),
                        e -> new ProblemException(ProblemCode.NOT_FOUND, "Call " + call + " has no recording."))
                .switchIfEmpty(Mono.error(
                        () -> new ProblemException(ProblemCode.NOT_FOUND, "Call " + call + " has no recording.")));
    }

    private record Sourced(String source, Transcript transcript) {}

    private Mono<Sourced> transcript(TenantId tenant, CallId call, byte[] wav) {
        return db.sql("SELECT source, segments FROM qa_transcript WHERE call_id = :c")
                .bind("c", call.value())
                .map(row -> new Sourced(
                        Objects.requireNonNull(row.get("source", String.class)),
                        new Transcript(json.readValue(
                                Objects.requireNonNull(row.get("segments", Json.class))
                                        .asString(),
                                new TypeReference<List<Transcript.Segment>>() {}))))
                .one()
                .switchIfEmpty(Mono.defer(() -> recognizer
                        .transcribe(tenant, call, wav)
                        .flatMap(t -> saveTranscript(tenant, call, "ASR", t).thenReturn(new Sourced("ASR", t)))));
    }

    /** Stores a transcript for the call (from a person, or an ASR run elsewhere), replacing an earlier one. */
    public Mono<Void> saveTranscript(TenantId tenant, CallId call, String source, Transcript transcript) {
        return db.sql("INSERT INTO qa_transcript (tenant_id, call_id, source, segments) VALUES (:t, :c, :s, :g)"
                        + " ON CONFLICT (tenant_id, call_id) DO UPDATE SET source = excluded.source,"
                        + " segments = excluded.segments, created_at = clock_timestamp()")
                .bind("t", tenant.value())
                .bind("c", call.value())
                .bind("s", source)
                .bind("g", Json.of(json.writeValueAsString(transcript.segments())))
                .fetch()
                .rowsUpdated()
                .then();
    }

    public Mono<TranscriptRules> rules() {
        return db.sql("SELECT rules FROM qa_transcript_rules")
                .map(row -> json.readValue(
                        Objects.requireNonNull(row.get("rules", Json.class)).asString(), TranscriptRules.class))
                .one();
    }

    public Mono<TranscriptRules> saveRules(TenantId tenant, TranscriptRules rules) {
        return db.sql("INSERT INTO qa_transcript_rules (tenant_id, rules) VALUES (:t, :r) ON CONFLICT (tenant_id)"
                        + " DO UPDATE SET rules = excluded.rules, updated_at = clock_timestamp()")
                .bind("t", tenant.value())
                .bind("r", Json.of(json.writeValueAsString(rules)))
                .fetch()
                .rowsUpdated()
                .thenReturn(rules);
    }

    private Mono<Result> store(
            TenantId tenant,
            CallId call,
            RecordingSignals signals,
            Optional<Sourced> transcript,
            Optional<TranscriptRules> rules) {
        List<TranscriptRules.Finding> findings = transcript.isPresent() && rules.isPresent()
                ? rules.get().check(transcript.get().transcript())
                : null;
        Boolean passed = findings == null ? null : findings.stream().allMatch(TranscriptRules.Finding::passed);
        String source = transcript.map(Sourced::source).orElse(null);
        Map<String, Object> stored = new java.util.LinkedHashMap<>();
        stored.put("source", source);
        stored.put("findings", findings);
        stored.put("passed", passed);
        return db.sql("INSERT INTO qa_auto_result (tenant_id, call_id, signals, findings) VALUES (:t, :c, :s, :f)"
                        + " ON CONFLICT (tenant_id, call_id) DO UPDATE SET signals = excluded.signals,"
                        + " findings = excluded.findings, computed_at = clock_timestamp() RETURNING computed_at")
                .bind("t", tenant.value())
                .bind("c", call.value())
                .bind("s", Json.of(json.writeValueAsString(signals)))
                .bind("f", Json.of(json.writeValueAsString(stored)))
                .map(row -> Objects.requireNonNull(row.get("computed_at", OffsetDateTime.class))
                        .toInstant())
                .one()
                .map(at -> new Result(call, signals, source, findings, passed, at));
    }
}

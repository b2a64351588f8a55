package cn.hotline.workforce.quality.auto;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.security.Role;
import cn.hotline.media.recording.AuditEntry;
import cn.hotline.media.recording.RecordingArchive;
import cn.hotline.workforce.access.TenantCallers;
import cn.hotline.workforce.quality.QualityInspection;
import cn.hotline.workforce.quality.QualityTransactions;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /tenants/{t}/quality/auto-qa/**} and {@code /tenants/{t}/quality/calls/{call}/auto-qa}: the tenant's ASR
 * endpoint and transcript rules ({@code TENANT_ADMIN}), a call's transcript, running and reading automatic QA
 * ({@code SUPERVISOR}, {@code TENANT_ADMIN}).
 */
@RestController
final class AutoQaController {

    private final AutoQa autoQa;
    private final HttpSpeechRecognizer recognizer;
    private final QualityTransactions tx;
    private final RecordingArchive archive;
    private final QualityInspection quality;
    private final RecordingAuditTable audit;
    private final AutoQaOnRecording automatic;

    AutoQaController(
            AutoQa autoQa,
            HttpSpeechRecognizer recognizer,
            QualityTransactions tx,
            RecordingArchive archive,
            QualityInspection quality,
            RecordingAuditTable audit,
            AutoQaOnRecording automatic) {
        this.autoQa = autoQa;
        this.recognizer = recognizer;
        this.tx = tx;
        this.archive = archive;
        this.quality = quality;
        this.audit = audit;
        this.automatic = automatic;
    }

    record PlaybackRequest(@Nullable String reason) {}

    record Playback(URI url, long validSeconds) {}

    record AuditLine(String who, String action, String why, java.time.Instant at) {}

    /**
     * A short-lived link to play a task's call recording beside the score: for staff, and for the task's agent (to
     * prepare an appeal). The audit entry is written first (who, PLAY, the task and reason); no entry, no link.
     */
    @PostMapping("/tenants/{tenant}/quality/tasks/{id}/playback")
    Mono<Playback> playback(@PathVariable String tenant, @PathVariable UUID id, @RequestBody PlaybackRequest body) {
        return TenantCallers.withAnyRole(
                        tenant,
                        java.util.EnumSet.of(Role.SUPERVISOR, Role.TENANT_ADMIN, Role.AGENT),
                        "Not allowed to play recordings.")
                .flatMap(caller -> {
                    boolean staff = TenantCallers.isManager(caller);
                    if (body.reason() != null && body.reason().length() > 200) {
                        return Mono.error(invalid("the reason is limited to 200 characters", "reason"));
                    }
                    return tx.run(
                                    caller.tenantContext(),
                                    quality.task(id)
                                            .filter(task ->
                                                    staff || task.agent().equals(caller.subject()))
                                            .switchIfEmpty(Mono.error(() ->
                                                    new ProblemException(ProblemCode.NOT_FOUND, "No task " + id + ".")))
                                            .flatMap(task -> task.kind().equals("CALL")
                                                    ? archive.link(
                                                            caller.tenant(),
                                                            CallId.parse(task.subject()),
                                                            "user:" + caller.subject(),
                                                            AuditEntry.Action.PLAY,
                                                            "quality task " + id
                                                                    + (body.reason() == null
                                                                            ? ""
                                                                            : ": "
                                                                                    + body.reason()
                                                                                            .strip()))
                                                    : Mono.error(new ProblemException(
                                                            ProblemCode.CONFLICT,
                                                            "Task " + id + " inspects a ticket, not a call."))))
                            .map(url -> new Playback(
                                    url,
                                    RecordingArchive.Settings.defaults()
                                            .linkValidity()
                                            .toSeconds()));
                });
    }

    @GetMapping("/tenants/{tenant}/quality/calls/{call}/recording-audit")
    Mono<List<AuditLine>> audit(@PathVariable String tenant, @PathVariable UUID call) {
        return caller(tenant, false).flatMap(caller -> tx.run(
                        caller.tenantContext(),
                        audit.entries(caller.tenant(), new CallId(call)).collectList())
                .map(entries -> entries.stream()
                        .map(e -> new AuditLine(e.who(), e.action().name(), e.why(), e.at()))
                        .toList()));
    }

    record AsrEndpoint(@Nullable String url, @Nullable String apiKey, @Nullable String model) {}

    record AsrConfigured(String url, boolean hasKey, @Nullable String model) {}

    record TranscriptBody(@Nullable List<Transcript.Segment> segments) {}

    @PutMapping("/tenants/{tenant}/quality/auto-qa/asr")
    Mono<AsrConfigured> asr(@PathVariable String tenant, @RequestBody AsrEndpoint body) {
        return caller(tenant, true).flatMap(caller -> {
            URI url;
            try {
                url = URI.create(body.url() == null ? "" : body.url());
            } catch (IllegalArgumentException e) {
                return Mono.error(invalid("url is not a URL", "url"));
            }
            if (url.getScheme() == null || !url.getScheme().matches("https?") || url.getHost() == null) {
                return Mono.error(invalid("url must be an http(s) URL of the ASR endpoint", "url"));
            }
            return tx.run(
                            caller.tenantContext(),
                            recognizer.configure(caller.tenant(), url.toString(), body.apiKey(), body.model()))
                    .thenReturn(new AsrConfigured(url.toString(), body.apiKey() != null, body.model()));
        });
    }

    @PutMapping("/tenants/{tenant}/quality/auto-qa/rules")
    Mono<TranscriptRules> rules(@PathVariable String tenant, @RequestBody Map<String, Object> body) {
        return caller(tenant, true).flatMap(caller -> {
            TranscriptRules rules;
            try {
                rules = new TranscriptRules(
                        strings(body.get("greetings")),
                        body.get("greetingWithinSeconds") instanceof Number n ? n.intValue() : 15,
                        strings(body.get("closings")),
                        body.get("closingSegments") instanceof Number n ? n.intValue() : 2,
                        strings(body.get("forbidden")),
                        strings(body.get("confirmations")));
            } catch (IllegalArgumentException e) {
                return Mono.error(invalid(String.valueOf(e.getMessage()), "rules"));
            }
            return tx.run(caller.tenantContext(), autoQa.saveRules(caller.tenant(), rules));
        });
    }

    @PutMapping("/tenants/{tenant}/quality/calls/{call}/transcript")
    Mono<Map<String, Object>> transcript(
            @PathVariable String tenant, @PathVariable UUID call, @RequestBody TranscriptBody body) {
        return caller(tenant, false).flatMap(caller -> {
            Transcript transcript;
            try {
                transcript = new Transcript(body.segments());
            } catch (IllegalArgumentException e) {
                return Mono.error(invalid(String.valueOf(e.getMessage()), "segments"));
            }
            return tx.run(
                            caller.tenantContext(),
                            autoQa.saveTranscript(caller.tenant(), new CallId(call), "MANUAL", transcript))
                    .thenReturn(Map.of(
                            "call",
                            call.toString(),
                            "segments",
                            transcript.segments().size()));
        });
    }

    @PostMapping("/tenants/{tenant}/quality/calls/{call}/auto-qa")
    Mono<AutoQa.Result> run(@PathVariable String tenant, @PathVariable UUID call) {
        return caller(tenant, false).flatMap(caller -> autoQa.run(caller.tenant(), new CallId(call)));
    }

    @GetMapping("/tenants/{tenant}/quality/calls/{call}/auto-qa")
    Mono<AutoQa.Result> result(@PathVariable String tenant, @PathVariable UUID call) {
        return caller(tenant, false).flatMap(caller -> tx.run(caller.tenantContext(), autoQa.result(new CallId(call))));
    }

    /** The automatic runs started by call-cloud's {@code CallRecorded} for the call, newest first. */
    @GetMapping("/tenants/{tenant}/quality/calls/{call}/auto-qa/runs")
    Flux<AutoQaOnRecording.Run> runs(@PathVariable String tenant, @PathVariable UUID call) {
        return caller(tenant, false).flatMapMany(caller -> tx.run(caller.tenantContext(), automatic.runs(call)));
    }

    private static List<String> strings(@Nullable Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || list.stream().anyMatch(v -> !(v instanceof String))) {
            throw new IllegalArgumentException("phrase lists must be lists of strings");
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static Mono<Caller> caller(String tenant, boolean adminOnly) {
        return adminOnly
                ? TenantCallers.withAnyRole(
                        tenant,
                        java.util.EnumSet.of(Role.TENANT_ADMIN),
                        "Not allowed: the ASR endpoint and rules are the tenant admin's.")
                : TenantCallers.withAnyRole(
                        tenant,
                        TenantCallers.MANAGERS,
                        "Not allowed: automatic QA is for supervisors and tenant admins.");
    }

    private static ProblemException invalid(String detail, String field) {
        return new ProblemException(ProblemCode.VALIDATION_FAILED, detail, Map.of("field", field));
    }
}

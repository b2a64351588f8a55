package cn.hotline.call.recording;

import cn.hotline.call.access.TenantRoles;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Callers;
import cn.hotline.kernel.security.Role;
import cn.hotline.media.recording.AuditEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A call's recording for supervisors and tenant admins: {@code GET /tenants/{t}/calls/{call}/recording} (what is
 * stored), {@code POST .../recording/link {action: PLAY|DOWNLOAD, why}} (a short-lived link, audited first), {@code GET
 * .../recording/audit} (who did what, when, why).
 */
@RestController
class RecordingController {

    record LinkRequest(@Nullable String action, @Nullable String why) {}

    private final CallRecordings recordings;
    private final RecordingAuditLog audit;

    RecordingController(CallRecordings recordings, RecordingAuditLog audit) {
        this.recordings = recordings;
        this.audit = audit;
    }

    @GetMapping("/tenants/{tenant}/calls/{call}/recording")
    Mono<Map<String, Object>> recording(@PathVariable String tenant, @PathVariable String call) {
        CallId id = callId(call);
        return TenantRoles.require(tenant, Role.SUPERVISOR, Role.TENANT_ADMIN)
                .flatMap(owner -> recordings.find(owner, id))
                .map(RecordingController::view);
    }

    @PostMapping("/tenants/{tenant}/calls/{call}/recording/link")
    Mono<Map<String, Object>> link(
            @PathVariable String tenant, @PathVariable String call, @RequestBody LinkRequest request) {
        CallId id = callId(call);
        AuditEntry.Action action;
        try {
            action = AuditEntry.Action.valueOf(String.valueOf(request.action()));
        } catch (IllegalArgumentException e) {
            return Mono.error(new ProblemException(ProblemCode.VALIDATION_FAILED, "'action' is PLAY or DOWNLOAD."));
        }
        if (action != AuditEntry.Action.PLAY && action != AuditEntry.Action.DOWNLOAD) {
            return Mono.error(new ProblemException(ProblemCode.VALIDATION_FAILED, "'action' is PLAY or DOWNLOAD."));
        }
        String why = request.why();
        if (why == null || why.isBlank() || why.length() > 500) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "'why' (1-500 characters) says why the recording is opened."));
        }
        return TenantRoles.require(tenant, Role.SUPERVISOR, Role.TENANT_ADMIN)
                .zipWith(Callers.current())
                .flatMap(both -> recordings.link(both.getT1(), id, both.getT2().subject(), action, why.strip()))
                .map(uri -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("callId", id.toString());
                    body.put("action", action.name());
                    body.put("url", uri.toString());
                    return body;
                });
    }

    @GetMapping("/tenants/{tenant}/calls/{call}/recording/audit")
    Mono<Map<String, Object>> audit(@PathVariable String tenant, @PathVariable String call) {
        CallId id = callId(call);
        return TenantRoles.require(tenant, Role.SUPERVISOR, Role.TENANT_ADMIN)
                .flatMap(owner -> audit.entries(owner, id)
                        .map(entry -> {
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("who", entry.who());
                            row.put("action", entry.action().name());
                            row.put("why", entry.why());
                            row.put("at", entry.at().toString());
                            return row;
                        })
                        .collectList())
                .map(entries -> Map.<String, Object>of("callId", id.toString(), "entries", entries));
    }

    private static Map<String, Object> view(CallRecordings.Recorded r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("callId", r.call().toString());
        body.put("recordingId", r.recording());
        body.put("bucket", r.bucket());
        body.put("key", r.key());
        body.put("status", r.status());
        body.put("agents", List.copyOf(r.agents()));
        body.put("startedAt", r.startedAt().toString());
        body.put("durationMs", r.duration().toMillis());
        body.put("codec", r.codec());
        body.put("sha256", r.sha256());
        body.put("retentionUntil", r.retentionUntil().toString());
        body.put("partial", r.partial());
        return body;
    }

    private static CallId callId(String text) {
        try {
            return CallId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemCode.VALIDATION_FAILED, "'" + text + "' is not a call id.");
        }
    }
}

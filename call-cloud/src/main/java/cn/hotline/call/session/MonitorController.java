package cn.hotline.call.session;

import cn.hotline.call.access.TenantRoles;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Callers;
import cn.hotline.kernel.security.Role;
import cn.hotline.media.port.LegId;
import cn.hotline.media.port.MonitorMode;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Supervisors joining a live call: {@code POST /tenants/{t}/calls/{call}/monitor {mode: LISTEN|WHISPER|BARGE, why}}
 * writes the audit row ({@code call_monitoring}) and returns the media server's offers; {@code POST
 * .../monitor/legs/{leg}/answer {sdp}} completes a leg with the browser's answer. LISTEN offers one receive-only leg
 * per party heard; WHISPER and BARGE one talking leg (the mixer, ADR 0005). A supervisor who already has a talking leg
 * changes its mode with the same request (audited again; no new leg: {@code legs: []}).
 */
@RestController
class MonitorController {

    record MonitorRequest(@Nullable String mode, @Nullable String why) {}

    record AnswerRequest(@Nullable String sdp) {}

    private final CallSessions calls;
    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Clock clock = Clock.systemUTC();

    MonitorController(CallSessions calls, DatabaseClient db, TransactionalOperator tx) {
        this.calls = calls;
        this.db = db;
        this.tx = tx;
    }

    @PostMapping("/tenants/{tenant}/calls/{call}/monitor")
    Mono<Map<String, Object>> monitor(
            @PathVariable String tenant, @PathVariable String call, @RequestBody MonitorRequest request) {
        CallId id = callId(call);
        MonitorMode mode = mode(request.mode());
        String why = request.why();
        if (why == null || why.isBlank() || why.length() > 500) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "'why' (1-500 characters) says why the call is listened to."));
        }
        return TenantRoles.require(tenant, Role.SUPERVISOR, Role.TENANT_ADMIN)
                .zipWith(Callers.current())
                .flatMap(both -> {
                    TenantId owner = both.getT1();
                    String supervisor = both.getT2().subject();
                    return calls.live(id)
                            .filter(live -> live.tenant().equals(owner))
                            .map(live -> audit(id, supervisor, mode, why.strip())
                                    .thenMany(calls.monitor(owner, id, supervisor, mode))
                                    .map(leg -> Map.<String, Object>of(
                                            "leg", leg.leg().value(), "sdp", leg.sdpOffer()))
                                    .collectList())
                            .orElseGet(() -> Mono.error(new ProblemException(
                                    ProblemCode.NOT_FOUND, "Call " + id + " is not live on this instance.")));
                })
                .map(legs -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("callId", id.toString());
                    body.put("mode", mode.name());
                    body.put("legs", List.copyOf(legs));
                    return body;
                });
    }

    @PostMapping("/tenants/{tenant}/calls/{call}/monitor/legs/{leg}/answer")
    Mono<Map<String, Object>> answer(
            @PathVariable String tenant,
            @PathVariable String call,
            @PathVariable String leg,
            @RequestBody AnswerRequest request) {
        CallId id = callId(call);
        String sdp = request.sdp();
        if (sdp == null || !sdp.startsWith("v=0") || sdp.length() > 65_536) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "'sdp' is the browser's SDP answer (starting with v=0)."));
        }
        return TenantRoles.require(tenant, Role.SUPERVISOR, Role.TENANT_ADMIN)
                .flatMap(owner -> calls.completeMonitor(owner, id, new LegId(leg), sdp))
                .thenReturn(Map.of("callId", id.toString(), "leg", leg));
    }

    /** Inside the request's tenant-bound transaction (the kernel's guard): the row belongs to the caller's tenant. */
    private Mono<Void> audit(CallId call, String supervisor, MonitorMode mode, String why) {
        return db.sql("INSERT INTO call_monitoring (tenant_id, id, call_id, supervisor, mode, why, at)"
                        + " VALUES (app_tenant(), :id, :call, :supervisor, :mode, :why, :at)")
                .bind("id", Uuids.v7())
                .bind("mode", mode.name())
                .bind("call", call.value())
                .bind("supervisor", supervisor)
                .bind("why", why)
                .bind("at", clock.instant().atOffset(ZoneOffset.UTC))
                .fetch()
                .rowsUpdated()
                .as(tx::transactional)
                .then();
    }

    private static MonitorMode mode(@Nullable String text) {
        if (text != null) {
            for (MonitorMode mode : MonitorMode.values()) {
                if (mode.name().equals(text)) {
                    return mode;
                }
            }
        }
        throw new ProblemException(ProblemCode.VALIDATION_FAILED, "'mode' must be LISTEN, WHISPER or BARGE.");
    }

    private static CallId callId(String text) {
        try {
            return CallId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemCode.VALIDATION_FAILED, "'" + text + "' is not a call id.");
        }
    }
}

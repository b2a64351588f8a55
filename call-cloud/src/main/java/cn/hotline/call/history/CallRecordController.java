package cn.hotline.call.history;

import cn.hotline.call.access.TenantRoles;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Role;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /tenants/{tenant}/call-records?from&to&limit}: the tenant's call detail records whose call arrived in
 * {@code [from, to)} (ISO instants; default the last 24 hours; at most 31 days), newest first, at most {@code limit}
 * (1-1000, default 200). For supervisors and tenant admins who see the whole tenant; a workstation-scoped caller is
 * refused until records carry the workstation.
 */
@RestController
class CallRecordController {

    private static final Duration MAX_RANGE = Duration.ofDays(31);

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    CallRecordController(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    @GetMapping("/tenants/{tenant}/call-records")
    Mono<Map<String, Object>> list(
            @PathVariable String tenant,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(defaultValue = "200") int limit) {
        Instant end = to == null ? Instant.now() : instant("to", to);
        Instant start = from == null ? end.minus(Duration.ofDays(1)) : instant("from", from);
        if (!start.isBefore(end) || Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "'from' must be before 'to', at most 31 days apart."));
        }
        if (limit < 1 || limit > 1000) {
            return Mono.error(new ProblemException(ProblemCode.VALIDATION_FAILED, "'limit' must be 1-1000."));
        }
        return TenantRoles.require(tenant, Role.SUPERVISOR, Role.TENANT_ADMIN)
                .flatMap(caller -> db.sql(
                                "SELECT r.*, cr.recording_id, cr.object_key AS recording_key, cr.partial AS recording_partial"
                                        + " FROM call_record r LEFT JOIN call_recording cr"
                                        + " ON cr.tenant_id = r.tenant_id AND cr.call_id = r.call_id"
                                        + " WHERE r.queued_at >= :from AND r.queued_at < :to"
                                        + " ORDER BY r.queued_at DESC LIMIT :limit")
                        .bind("from", start.atOffset(ZoneOffset.UTC))
                        .bind("to", end.atOffset(ZoneOffset.UTC))
                        .bind("limit", limit)
                        .map(CallRecordController::record)
                        .all()
                        .collectList()
                        .as(tx::transactional))
                .map(records -> {
                    Map<String, Object> page = new LinkedHashMap<>();
                    page.put("from", start.toString());
                    page.put("to", end.toString());
                    page.put("records", records);
                    return page;
                });
    }

    private static Instant instant(String name, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ProblemException(
                    ProblemCode.VALIDATION_FAILED,
                    "'" + name + "' must be an ISO instant such as 2026-11-24T08:00:00Z.");
        }
    }

    private static Map<String, Object> record(io.r2dbc.spi.Readable row) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("callId", String.valueOf(row.get("call_id", UUID.class)));
        record.put("group", row.get("skill_group", String.class));
        record.put("caller", row.get("caller", String.class));
        record.put("called", row.get("called", String.class));
        record.put("priority", row.get("priority", Integer.class));
        record.put("queuedAt", text(row.get("queued_at", OffsetDateTime.class)));
        record.put("firstOfferedAt", text(row.get("first_offered_at", OffsetDateTime.class)));
        record.put("offers", row.get("offers", Integer.class));
        record.put("ringNoAnswers", row.get("ring_no_answers", Integer.class));
        record.put("overflowedTo", row.get("overflowed_to", String.class));
        record.put("answeredAt", text(row.get("answered_at", OffsetDateTime.class)));
        record.put("agent", row.get("agent_id", String.class));
        record.put("endedAt", text(row.get("ended_at", OffsetDateTime.class)));
        record.put("outcome", row.get("outcome", String.class));
        record.put("rejectReason", row.get("reject_reason", String.class));
        record.put("transfers", row.get("transfers", Integer.class));
        record.put("transferredTo", row.get("transferred_to", String.class));
        record.put("transferredBy", row.get("transferred_by", String.class));
        record.put("consults", row.get("consults", Integer.class));
        record.put("consultResult", row.get("consult_result", String.class));
        record.put("dtmfSent", row.get("dtmf_sent", String.class));
        record.put("surveyScore", row.get("survey_score", Integer.class));
        record.put("surveyAt", text(row.get("survey_at", OffsetDateTime.class)));
        record.put("conferencedAt", text(row.get("conferenced_at", OffsetDateTime.class)));
        // the live call's recording (call_recording, V40), once archived
        record.put("recordingId", row.get("recording_id", String.class));
        record.put("recordingKey", row.get("recording_key", String.class));
        record.put("recordingPartial", row.get("recording_partial", Boolean.class));
        return record;
    }

    private static @Nullable String text(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}

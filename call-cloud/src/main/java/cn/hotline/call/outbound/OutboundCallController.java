package cn.hotline.call.outbound;

import cn.hotline.call.access.TenantRoles;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Role;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
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
 * {@code GET /tenants/{t}/outbound-calls?callId=&limit=}: the tenant's outbound call records, newest first
 * ({@code SUPERVISOR} or {@code TENANT_ADMIN} of the whole tenant); {@code callId} narrows them to the transfers of one
 * inbound call.
 */
@RestController
class OutboundCallController {

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    OutboundCallController(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    @GetMapping("/tenants/{tenant}/outbound-calls")
    Mono<Map<String, Object>> list(
            @PathVariable String tenant,
            @RequestParam(required = false) @Nullable String callId,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 500) {
            return Mono.error(new ProblemException(ProblemCode.VALIDATION_FAILED, "'limit' must be 1-500."));
        }
        UUID call;
        try {
            call = callId == null ? null : UUID.fromString(callId);
        } catch (IllegalArgumentException e) {
            return Mono.error(new ProblemException(ProblemCode.VALIDATION_FAILED, "'callId' must be a call id."));
        }
        DatabaseClient.GenericExecuteSpec spec = db.sql("SELECT * FROM outbound_call WHERE (:call::uuid IS NULL OR"
                        + " call_id = :call::uuid) ORDER BY started_at DESC LIMIT :limit")
                .bind("limit", limit);
        spec = call == null ? spec.bindNull("call", UUID.class) : spec.bind("call", call);
        DatabaseClient.GenericExecuteSpec query = spec;
        return TenantRoles.require(tenant, Role.SUPERVISOR, Role.TENANT_ADMIN)
                .then(query.map(OutboundCallController::row).all().collectList().as(tx::transactional))
                .map(rows -> Map.<String, Object>of("calls", (List<Map<String, Object>>) rows));
    }

    private static Map<String, Object> row(io.r2dbc.spi.Readable row) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("id", String.valueOf(row.get("id", UUID.class)));
        call.put("direction", row.get("direction", String.class));
        call.put("kind", row.get("kind", String.class));
        UUID inbound = row.get("call_id", UUID.class);
        call.put("callId", inbound == null ? null : inbound.toString());
        UUID task = row.get("callback_task_id", UUID.class);
        call.put("callbackTaskId", task == null ? null : task.toString());
        call.put("agent", row.get("agent", String.class));
        call.put("target", row.get("target", String.class));
        call.put("number", row.get("number", String.class));
        call.put("callerId", row.get("caller_id", String.class));
        call.put("sipCallId", row.get("sip_call_id", String.class));
        call.put("startedAt", time(row.get("started_at", OffsetDateTime.class)));
        call.put("answeredAt", time(row.get("answered_at", OffsetDateTime.class)));
        call.put("endedAt", time(row.get("ended_at", OffsetDateTime.class)));
        call.put("outcome", row.get("outcome", String.class));
        call.put("sipStatus", row.get("sip_status", Integer.class));
        call.put("endedBy", row.get("ended_by", String.class));
        call.put("detail", row.get("detail", String.class));
        return call;
    }

    private static @Nullable String time(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}

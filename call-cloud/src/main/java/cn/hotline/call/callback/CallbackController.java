package cn.hotline.call.callback;

import cn.hotline.call.access.TenantRoles;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Callers;
import cn.hotline.kernel.security.Role;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The must-call-back list of a tenant, for its agents, supervisors and admins (tenant-wide):
 *
 * <ul>
 *   <li>{@code GET /tenants/{t}/callbacks?status=OPEN} — tasks by due time (with the caller's number once the SIP
 *       side records it);
 *   <li>{@code POST /tenants/{t}/callbacks/{id}/claim} — the caller takes an open task (409 when someone else holds it
 *       or it is done);
 *   <li>{@code POST /tenants/{t}/callbacks/{id}/complete} {@code {outcome, note?}} — by whoever claimed it (or a
 *       supervisor): {@code REACHED}, {@code NOT_NEEDED} and {@code WRONG_NUMBER} close it; {@code NO_ANSWER} and {@code
 *       BUSY} open it again after {@code retry-after} until {@code max-attempts}.
 * </ul>
 */
@RestController
class CallbackController {

    private static final Set<String> STATUSES = Set.of("OPEN", "CLAIMED", "DONE");
    private static final Set<String> FINAL = Set.of("REACHED", "NOT_NEEDED", "WRONG_NUMBER");
    private static final Set<String> RETRY = Set.of("NO_ANSWER", "BUSY");

    /** What an agent reports after calling back. */
    record Completion(@Nullable String outcome, @Nullable String note) {}

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final CallbackProperties properties;

    CallbackController(DatabaseClient db, TransactionalOperator tx, CallbackProperties properties) {
        this.db = db;
        this.tx = tx;
        this.properties = properties;
    }

    @GetMapping("/tenants/{tenant}/callbacks")
    Mono<Map<String, Object>> list(
            @PathVariable String tenant,
            @RequestParam(defaultValue = "OPEN") String status,
            @RequestParam(defaultValue = "100") int limit) {
        if (!STATUSES.contains(status)) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "'status' must be one of OPEN, CLAIMED, DONE."));
        }
        if (limit < 1 || limit > 500) {
            return Mono.error(new ProblemException(ProblemCode.VALIDATION_FAILED, "'limit' must be 1-500."));
        }
        return member(tenant)
                .then(db.sql(
                                "SELECT t.*, r.caller FROM callback_task t LEFT JOIN call_record r ON r.call_id = t.call_id"
                                        + " WHERE t.status = :status ORDER BY t.due_at, t.arrived_at LIMIT :limit")
                        .bind("status", status)
                        .bind("limit", limit)
                        .map(CallbackController::task)
                        .all()
                        .collectList()
                        .as(tx::transactional))
                .map(tasks -> Map.of("status", status, "tasks", tasks));
    }

    @PostMapping("/tenants/{tenant}/callbacks/{id}/claim")
    Mono<Map<String, Object>> claim(@PathVariable String tenant, @PathVariable String id) {
        UUID task = id(id);
        return member(tenant).then(Callers.current()).flatMap(caller -> db.sql(
                        "UPDATE callback_task SET status = 'CLAIMED', claimed_by = :by,"
                                + " claimed_at = now(), version = version + 1 WHERE id = :id AND (status = 'OPEN'"
                                + " OR (status = 'CLAIMED' AND claimed_by = :by))")
                .bind("by", caller.subject())
                .bind("id", task)
                .fetch()
                .rowsUpdated()
                .flatMap(updated -> updated == 1 ? read(task) : refused(task))
                .as(tx::transactional));
    }

    @PostMapping("/tenants/{tenant}/callbacks/{id}/complete")
    Mono<Map<String, Object>> complete(
            @PathVariable String tenant, @PathVariable String id, @RequestBody Completion completion) {
        UUID task = id(id);
        String outcome = completion.outcome();
        if (outcome == null || !(FINAL.contains(outcome) || RETRY.contains(outcome))) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED,
                    "'outcome' must be one of REACHED, NO_ANSWER, BUSY, WRONG_NUMBER, NOT_NEEDED."));
        }
        String note = completion.note();
        if (note != null && note.length() > 500) {
            return Mono.error(
                    new ProblemException(ProblemCode.VALIDATION_FAILED, "'note' takes at most 500 characters."));
        }
        int max = Objects.requireNonNull(properties.maxAttempts());
        double retrySeconds = Objects.requireNonNull(properties.retryAfter()).toSeconds();
        return member(tenant).then(Callers.current()).flatMap(caller -> {
            boolean supervisor = caller.has(Role.SUPERVISOR) || caller.has(Role.TENANT_ADMIN);
            // Retry outcomes re-open the task until the attempts run out; others close it.
            String sql = "UPDATE callback_task SET attempts = attempts + 1, outcome = :outcome, note = :note,"
                    + " version = version + 1,"
                    + " status = CASE WHEN :retry AND attempts + 1 < :max THEN 'OPEN' ELSE 'DONE' END,"
                    + " due_at = CASE WHEN :retry AND attempts + 1 < :max"
                    + " THEN now() + make_interval(secs => :wait) ELSE due_at END,"
                    + " claimed_by = CASE WHEN :retry AND attempts + 1 < :max THEN NULL ELSE claimed_by END,"
                    + " done_at = CASE WHEN :retry AND attempts + 1 < :max THEN NULL ELSE now() END"
                    + " WHERE id = :id AND status = 'CLAIMED' AND (claimed_by = :by OR :supervisor)";
            DatabaseClient.GenericExecuteSpec spec = db.sql(sql)
                    .bind("outcome", outcome)
                    .bind("retry", RETRY.contains(outcome))
                    .bind("max", max)
                    .bind("wait", retrySeconds)
                    .bind("id", task)
                    .bind("by", caller.subject())
                    .bind("supervisor", supervisor);
            spec = note == null ? spec.bindNull("note", String.class) : spec.bind("note", note);
            return spec.fetch()
                    .rowsUpdated()
                    .flatMap(updated -> updated == 1 ? read(task) : refused(task))
                    .as(tx::transactional);
        });
    }

    private static Mono<?> member(String tenant) {
        return TenantRoles.require(tenant, Role.AGENT, Role.SUPERVISOR, Role.TENANT_ADMIN);
    }

    private Mono<Map<String, Object>> read(UUID task) {
        return db.sql("SELECT t.*, r.caller FROM callback_task t LEFT JOIN call_record r ON r.call_id = t.call_id"
                        + " WHERE t.id = :id")
                .bind("id", task)
                .map(CallbackController::task)
                .one();
    }

    private Mono<Map<String, Object>> refused(UUID task) {
        return read(task)
                .switchIfEmpty(
                        Mono.error(() -> new ProblemException(ProblemCode.NOT_FOUND, "No callback task " + task + ".")))
                .flatMap(current -> Mono.error(new ProblemException(
                        ProblemCode.CONFLICT,
                        "Callback task " + task + " is " + current.get("status")
                                + (current.get("claimedBy") != null ? " by " + current.get("claimedBy") : "")
                                + "; claim an open task, complete one you hold.")));
    }

    private static UUID id(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemCode.NOT_FOUND, "No callback task " + text + ".");
        }
    }

    private static Map<String, Object> task(io.r2dbc.spi.Readable row) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("id", String.valueOf(row.get("id", UUID.class)));
        task.put("callId", String.valueOf(row.get("call_id", UUID.class)));
        task.put("reason", row.get("reason", String.class));
        task.put("group", row.get("skill_group", String.class));
        task.put("caller", row.get("caller", String.class));
        task.put("arrivedAt", time(row.get("arrived_at", OffsetDateTime.class)));
        task.put("dueAt", time(row.get("due_at", OffsetDateTime.class)));
        task.put("status", row.get("status", String.class));
        task.put("claimedBy", row.get("claimed_by", String.class));
        task.put("attempts", row.get("attempts", Integer.class));
        task.put("outcome", row.get("outcome", String.class));
        task.put("note", row.get("note", String.class));
        task.put("doneAt", time(row.get("done_at", OffsetDateTime.class)));
        return task;
    }

    private static @Nullable String time(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}

package cn.hotline.call.outbound;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** Writes outbound calls' detail records ({@code outbound_call}, forced RLS) under the call's tenant. */
public final class OutboundCallLog {

    /** Why an outbound call was placed. */
    public enum Kind {
        TRANSFER_NUMBER,
        TRANSFER_CITY12345,
        CALLBACK
    }

    /** A new attempt. */
    public record Started(
            UUID id,
            Kind kind,
            @Nullable CallId call,
            @Nullable UUID callbackTask,
            String agent,
            String target,
            String number,
            String callerId,
            Instant at) {}

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    OutboundCallLog(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    public Mono<Void> started(TenantId tenant, Started started) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("INSERT INTO outbound_call (tenant_id, id, kind, call_id,"
                        + " callback_task_id, agent, target, number, caller_id, started_at) VALUES (app_tenant(), :id,"
                        + " :kind, :call, :task, :agent, :target, :number, :callerId, :at)")
                .bind("id", started.id())
                .bind("kind", started.kind().name())
                .bind("agent", started.agent())
                .bind("target", started.target())
                .bind("number", started.number())
                .bind("callerId", started.callerId())
                .bind("at", started.at().atOffset(ZoneOffset.UTC));
        spec = started.call() == null
                ? spec.bindNull("call", UUID.class)
                : spec.bind("call", started.call().value());
        spec = started.callbackTask() == null
                ? spec.bindNull("task", UUID.class)
                : spec.bind("task", started.callbackTask());
        return run(tenant, spec);
    }

    /** The far end answered (or the attempt failed, {@code answered} false) with this SIP status and Call-ID. */
    public Mono<Void> outcome(
            TenantId tenant,
            UUID id,
            String outcome,
            int sipStatus,
            @Nullable String sipCallId,
            @Nullable String detail,
            Instant at) {
        boolean answered = "ANSWERED".equals(outcome);
        DatabaseClient.GenericExecuteSpec spec = db.sql("UPDATE outbound_call SET outcome = :outcome, sip_status ="
                        + " :status, answered_at = CASE WHEN :answered THEN :at ELSE answered_at END, ended_at = CASE"
                        + " WHEN :answered THEN ended_at ELSE :at END, sip_call_id = COALESCE(:sipCallId, sip_call_id),"
                        + " detail = :detail WHERE id = :id")
                .bind("outcome", outcome)
                .bind("status", sipStatus)
                .bind("answered", answered)
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .bind("id", id);
        spec = sipCallId == null ? spec.bindNull("sipCallId", String.class) : spec.bind("sipCallId", sipCallId);
        spec = detail == null ? spec.bindNull("detail", String.class) : spec.bind("detail", detail);
        return run(tenant, spec);
    }

    /** An answered outbound call ended; {@code by} FAR_END or US. */
    public Mono<Void> ended(TenantId tenant, UUID id, String by, Instant at) {
        return run(
                tenant,
                db.sql("UPDATE outbound_call SET ended_at = :at, ended_by = :by WHERE id = :id AND ended_at IS NULL")
                        .bind("at", at.atOffset(ZoneOffset.UTC))
                        .bind("by", by)
                        .bind("id", id));
    }

    private Mono<Void> run(TenantId tenant, DatabaseClient.GenericExecuteSpec spec) {
        return Tenancy.runAs(
                TenantContext.of(tenant),
                tx.transactional(spec.fetch().rowsUpdated()).then());
    }
}

package cn.hotline.call.recording;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.media.recording.AuditEntry;
import cn.hotline.media.recording.RecordingAudit;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Media's {@link RecordingAudit} port on {@code recording_audit} (forced RLS): the entry is written before the act. */
final class RecordingAuditLog implements RecordingAudit {

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    RecordingAuditLog(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    @Override
    public Mono<Void> append(AuditEntry entry) {
        return Tenancy.runAs(
                TenantContext.of(entry.tenant()),
                tx.transactional(db.sql("INSERT INTO recording_audit (tenant_id, id, call_id, who, action, why, at)"
                                + " VALUES (app_tenant(), :id, :call, :who, :action, :why, :at)")
                        .bind("id", Uuids.v7())
                        .bind("call", entry.call().value())
                        .bind("who", entry.who())
                        .bind("action", entry.action().name())
                        .bind("why", entry.why())
                        .bind("at", entry.at().atOffset(ZoneOffset.UTC))
                        .fetch()
                        .rowsUpdated()
                        .then()));
    }

    @Override
    public Flux<AuditEntry> entries(TenantId tenant, CallId call) {
        return Tenancy.runAs(
                        TenantContext.of(tenant),
                        tx.transactional(db.sql("SELECT who, action, why, at FROM recording_audit WHERE call_id = :call"
                                        + " ORDER BY at, id")
                                .bind("call", call.value())
                                .map(row -> new AuditEntry(
                                        tenant,
                                        call,
                                        String.valueOf(row.get("who", String.class)),
                                        AuditEntry.Action.valueOf(String.valueOf(row.get("action", String.class))),
                                        String.valueOf(row.get("why", String.class)),
                                        row.get("at", OffsetDateTime.class).toInstant()))
                                .all()
                                .collectList()))
                .flatMapMany(Flux::fromIterable);
    }
}

package cn.hotline.workforce.quality.auto;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.media.recording.AuditEntry;
import cn.hotline.media.recording.RecordingAudit;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Media's {@link RecordingAudit} port on {@code qa_recording_audit} (forced RLS, append only). Runs inside the caller's
 * tenant-bound transaction, so the entry and the request that needed it commit or fail together.
 */
public final class RecordingAuditTable implements RecordingAudit {

    private final DatabaseClient db;

    public RecordingAuditTable(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Void> append(AuditEntry entry) {
        return db.sql("INSERT INTO qa_recording_audit (tenant_id, id, call_id, who, action, why, at) VALUES (:t, :id,"
                        + " :c, :w, :a, :y, :at)")
                .bind("t", entry.tenant().value())
                .bind("id", Uuids.v7())
                .bind("c", entry.call().value())
                .bind("w", entry.who())
                .bind("a", entry.action().name())
                .bind("y", entry.why())
                .bind("at", entry.at().atOffset(ZoneOffset.UTC))
                .fetch()
                .rowsUpdated()
                .then();
    }

    @Override
    public Flux<AuditEntry> entries(TenantId tenant, CallId call) {
        return db.sql("SELECT who, action, why, at FROM qa_recording_audit WHERE call_id = :c ORDER BY at, id")
                .bind("c", call.value())
                .map(row -> new AuditEntry(
                        tenant,
                        call,
                        Objects.requireNonNull(row.get("who", String.class)),
                        AuditEntry.Action.valueOf(Objects.requireNonNull(row.get("action", String.class))),
                        Objects.requireNonNull(row.get("why", String.class)),
                        Objects.requireNonNull(row.get("at", OffsetDateTime.class))
                                .toInstant()))
                .all();
    }
}

package cn.hotline.call.recording;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.media.port.FinishedRecording;
import cn.hotline.media.recording.ArchiveResult;
import cn.hotline.media.recording.AuditEntry;
import cn.hotline.media.recording.RecordingArchive;
import cn.hotline.media.recording.RecordingMetadata;
import cn.hotline.media.recording.StoredRecording;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The recordings of calls: a finished recording goes to the tenant's bucket through media's {@link RecordingArchive}
 * (or stays in its spool when the store is down, to be retried) and is indexed in {@code call_recording}; links to
 * play or download it are written to the audit trail first.
 */
public final class CallRecordings {

    /** What the index says of one call's recording. */
    public record Recorded(
            TenantId tenant,
            CallId call,
            String recording,
            String bucket,
            String key,
            String status,
            List<String> agents,
            Instant startedAt,
            Duration duration,
            String codec,
            String sha256,
            Instant retentionUntil,
            boolean partial) {}

    private final RecordingArchive archive;
    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Clock clock;

    CallRecordings(RecordingArchive archive, DatabaseClient db, TransactionalOperator tx, Clock clock) {
        this.archive = archive;
        this.db = db;
        this.tx = tx;
        this.clock = clock;
    }

    /** Archives a finished recording of the call and indexes it; emits the index entry. */
    public Mono<Recorded> archive(
            TenantId tenant, FinishedRecording finished, List<String> agents, Instant start, String codec) {
        return archive.archive(tenant, finished, agents, start, codec).flatMap(result -> {
            RecordingMetadata metadata =
                    switch (result) {
                        case ArchiveResult.Uploaded uploaded ->
                            uploaded.recording().metadata();
                        case ArchiveResult.Spooled spooled -> spooled.metadata();
                    };
            String status = result instanceof ArchiveResult.Uploaded ? "UPLOADED" : "SPOOLED";
            Recorded recorded = new Recorded(
                    tenant,
                    finished.call(),
                    finished.recording(),
                    archive.bucket(tenant),
                    "calls/" + finished.call() + ".wav",
                    status,
                    metadata.agents(),
                    metadata.start(),
                    metadata.duration(),
                    metadata.codec(),
                    metadata.sha256(),
                    metadata.retentionUntil(),
                    metadata.partial());
            return index(recorded).thenReturn(recorded);
        });
    }

    private Mono<Void> index(Recorded r) {
        return inTenant(
                r.tenant(),
                db.sql("INSERT INTO call_recording (tenant_id, call_id, recording_id, bucket, object_key, status,"
                                + " agents, started_at, duration_ms, codec, sha256, retention_until, partial,"
                                + " archived_at) VALUES (app_tenant(), :call, :recording, :bucket, :key, :status,"
                                + " :agents, :start, :duration, :codec, :sha, :retention, :partial, :at)"
                                + " ON CONFLICT (tenant_id, call_id) DO UPDATE SET status = excluded.status,"
                                + " sha256 = excluded.sha256, duration_ms = excluded.duration_ms,"
                                + " partial = excluded.partial, archived_at = excluded.archived_at,"
                                // a different recording of the call is announced again (CallRecorded)
                                + " event_published_at = CASE WHEN call_recording.sha256 = excluded.sha256"
                                + " AND call_recording.status = excluded.status"
                                + " THEN call_recording.event_published_at END")
                        .bind("call", r.call().value())
                        .bind("recording", r.recording())
                        .bind("bucket", r.bucket())
                        .bind("key", r.key())
                        .bind("status", r.status())
                        .bind("agents", String.join(",", r.agents()))
                        .bind("start", r.startedAt().atOffset(ZoneOffset.UTC))
                        .bind("duration", r.duration().toMillis())
                        .bind("codec", r.codec())
                        .bind("sha", r.sha256())
                        .bind("retention", r.retentionUntil().atOffset(ZoneOffset.UTC))
                        .bind("partial", r.partial())
                        .bind("at", clock.instant().atOffset(ZoneOffset.UTC))
                        .fetch()
                        .rowsUpdated()
                        .then());
    }

    /**
     * Marks a recording that the spool retry has just uploaded as {@code UPLOADED} (its {@code CallRecorded} is then
     * published by the tenant's relay); a recording the index does not know is left alone.
     */
    public Mono<Void> uploaded(StoredRecording stored) {
        return inTenant(
                stored.metadata().tenant(),
                db.sql("UPDATE call_recording SET status = 'UPLOADED', archived_at = :at WHERE call_id = :call"
                                + " AND status = 'SPOOLED'")
                        .bind("call", stored.metadata().call().value())
                        .bind("at", clock.instant().atOffset(ZoneOffset.UTC))
                        .fetch()
                        .rowsUpdated()
                        .then());
    }

    /** The call's recording from the index; {@code NOT_FOUND} when it has none (or it is another tenant's). */
    public Mono<Recorded> find(TenantId tenant, CallId call) {
        return inTenant(
                        tenant,
                        db.sql("SELECT * FROM call_recording WHERE call_id = :call")
                                .bind("call", call.value())
                                .map(row -> {
                                    String agents = String.valueOf(row.get("agents", String.class));
                                    return new Recorded(
                                            tenant,
                                            call,
                                            String.valueOf(row.get("recording_id", String.class)),
                                            String.valueOf(row.get("bucket", String.class)),
                                            String.valueOf(row.get("object_key", String.class)),
                                            String.valueOf(row.get("status", String.class)),
                                            agents.isEmpty() ? List.of() : List.of(agents.split(",")),
                                            row.get("started_at", OffsetDateTime.class)
                                                    .toInstant(),
                                            Duration.ofMillis(row.get("duration_ms", Long.class)),
                                            String.valueOf(row.get("codec", String.class)),
                                            String.valueOf(row.get("sha256", String.class)),
                                            row.get("retention_until", OffsetDateTime.class)
                                                    .toInstant(),
                                            Boolean.TRUE.equals(row.get("partial", Boolean.class)));
                                })
                                .one())
                .switchIfEmpty(Mono.error(
                        () -> new ProblemException(ProblemCode.NOT_FOUND, "Call " + call + " has no recording.")));
    }

    /** A short-lived link to the recording; the audit entry (who, what, why) is written first. */
    public Mono<URI> link(TenantId tenant, CallId call, String who, AuditEntry.Action action, String why) {
        // a SPOOLED entry may have been uploaded by the retry since; the archive answers NOT_FOUND if not
        return find(tenant, call).then(archive.link(tenant, call, who, action, why));
    }

    private <T> Mono<T> inTenant(TenantId tenant, Mono<T> work) {
        return Tenancy.runAs(TenantContext.of(tenant), tx.transactional(work));
    }
}

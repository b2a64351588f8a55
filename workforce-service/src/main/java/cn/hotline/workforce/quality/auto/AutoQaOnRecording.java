package cn.hotline.workforce.quality.auto;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.workforce.events.CallRecordedSink;
import cn.hotline.workforce.events.RecordedCall;
import cn.hotline.workforce.quality.QualityTransactions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs automatic QA when call-cloud announces a stored recording ({@code CallRecorded}). Once per event id
 * ({@code qa_auto_run}): a re-delivered event whose run is done or failed does nothing. A recording that is missing or
 * cannot be analysed fails the run at once (it will not get better); any other failure (the ASR or the store down) is
 * handed back for redelivery, at most {@code maxAttempts} times, then the run is {@code FAILED} with the last error.
 * The result is the call's {@code qa_auto_result}, the same one {@code POST /calls/{call}/auto-qa} computes.
 */
public final class AutoQaOnRecording implements CallRecordedSink {

    private static final Logger log = LoggerFactory.getLogger(AutoQaOnRecording.class);

    private final DatabaseClient db;
    private final QualityTransactions tx;
    private final AutoQa autoQa;
    private final int maxAttempts;
    private final Counter done;
    private final Counter failed;

    AutoQaOnRecording(DatabaseClient db, QualityTransactions tx, AutoQa autoQa, int maxAttempts, MeterRegistry meters) {
        this.db = db;
        this.tx = tx;
        this.autoQa = autoQa;
        this.maxAttempts = maxAttempts;
        this.done = meters.counter("cc.workforce.quality.auto.runs", "outcome", "done");
        this.failed = meters.counter("cc.workforce.quality.auto.runs", "outcome", "failed");
    }

    /** One automatic run as {@code GET /calls/{call}/auto-qa/runs} shows it. */
    public record Run(
            UUID eventId,
            String recordingId,
            String objectKey,
            String sha256,
            long durationMs,
            String status,
            int attempts,
            @Nullable String error,
            OffsetDateTime receivedAt,
            @Nullable OffsetDateTime doneAt) {}

    @Override
    public Mono<Void> accept(TenantId tenant, UUID eventId, RecordedCall recorded) {
        TenantContext context = TenantContext.of(tenant);
        return tx.run(context, claim(tenant, eventId, recorded)).flatMap(attempt -> {
            if (attempt <= 0) {
                return Mono.<Void>empty(); // done or failed before: a re-delivery
            }
            String expected = "calls/" + recorded.call() + ".wav"; // RecordingArchive's key
            if (!expected.equals(recorded.objectKey())) {
                // the archive (and its audited links) knows recordings only under its own key
                return finish(
                        context,
                        eventId,
                        "FAILED",
                        "recording stored under " + recorded.objectKey() + ", not under the archive's key " + expected);
            }
            return autoQa.run(tenant, recorded.call())
                    .then(finish(context, eventId, "DONE", null))
                    .onErrorResume(error -> {
                        boolean hopeless = error instanceof ProblemException problem
                                && (problem.code() == ProblemCode.NOT_FOUND || problem.code() == ProblemCode.CONFLICT);
                        if (hopeless || attempt >= maxAttempts) {
                            log.warn(
                                    "automatic QA of call {} ({}) failed: {}",
                                    recorded.call(),
                                    tenant,
                                    error.toString());
                            return finish(context, eventId, "FAILED", String.valueOf(error.getMessage()));
                        }
                        return tx.run(context, note(eventId, String.valueOf(error.getMessage())))
                                .then(Mono.error(error));
                    });
        });
    }

    /** Records the event and counts an attempt; returns the attempt's number, or 0 when the run is over. */
    private Mono<Integer> claim(TenantId tenant, UUID eventId, RecordedCall recorded) {
        return db.sql("INSERT INTO qa_auto_run (tenant_id, event_id, call_id, recording_id, object_key, sha256,"
                        + " duration_ms, status) VALUES (:t, :e, :c, :r, :k, :s, :d, 'PENDING')"
                        + " ON CONFLICT (tenant_id, event_id) DO NOTHING")
                .bind("t", tenant.value())
                .bind("e", eventId)
                .bind("c", recorded.call().value())
                .bind("r", recorded.recordingId())
                .bind("k", recorded.objectKey())
                .bind("s", recorded.sha256())
                .bind("d", recorded.durationMs())
                .fetch()
                .rowsUpdated()
                .then(db.sql("UPDATE qa_auto_run SET attempts = attempts + 1 WHERE event_id = :e AND status ="
                                + " 'PENDING' RETURNING attempts")
                        .bind("e", eventId)
                        .map(row -> Objects.requireNonNull(row.get("attempts", Integer.class)))
                        .one()
                        .defaultIfEmpty(0));
    }

    private Mono<Void> note(UUID eventId, String error) {
        return db.sql("UPDATE qa_auto_run SET error = :x WHERE event_id = :e")
                .bind("e", eventId)
                .bind("x", error)
                .fetch()
                .rowsUpdated()
                .then();
    }

    private Mono<Void> finish(TenantContext context, UUID eventId, String status, @Nullable String error) {
        (error == null ? done : failed).increment();
        var sql = db.sql("UPDATE qa_auto_run SET status = :st, error = :x, done_at = clock_timestamp()"
                        + " WHERE event_id = :e")
                .bind("e", eventId)
                .bind("st", status);
        sql = error == null ? sql.bindNull("x", String.class) : sql.bind("x", error);
        return tx.run(context, sql.fetch().rowsUpdated()).then();
    }

    /** The automatic runs of a call, newest first (inside the tenant's transaction). */
    public Flux<Run> runs(UUID call) {
        return db.sql("SELECT * FROM qa_auto_run WHERE call_id = :c ORDER BY received_at DESC")
                .bind("c", call)
                .map(row -> new Run(
                        Objects.requireNonNull(row.get("event_id", UUID.class)),
                        Objects.requireNonNull(row.get("recording_id", String.class)),
                        Objects.requireNonNull(row.get("object_key", String.class)),
                        Objects.requireNonNull(row.get("sha256", String.class)),
                        Objects.requireNonNull(row.get("duration_ms", Long.class)),
                        Objects.requireNonNull(row.get("status", String.class)),
                        Objects.requireNonNull(row.get("attempts", Integer.class)),
                        row.get("error", String.class),
                        Objects.requireNonNull(row.get("received_at", OffsetDateTime.class)),
                        row.get("done_at", OffsetDateTime.class)))
                .all();
    }
}

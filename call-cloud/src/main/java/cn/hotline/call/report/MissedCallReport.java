package cn.hotline.call.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The calls the centre missed within the days, one line each, oldest first: callers who hung up while queued or were
 * refused (from {@code call_record}), voicemails, calls cut off by a lost media server and callbacks asked for (from
 * {@code callback_task}), each with what the must-call-back list did about it. Short abandons that made no callback
 * task are listed too (reason {@code ABANDONED}, no callback), so the list is the whole of the missed traffic.
 */
final class MissedCallReport {

    /** At most this many lines; a longer period answers with {@code truncated}. */
    static final int MAX_ROWS = 10_000;

    /**
     * One missed call.
     *
     * @param callId the call
     * @param arrivedAt arrival, local time of the tenant
     * @param skillGroup the queue it waited in, if it reached one
     * @param reason {@code ABANDONED}, {@code SHORT_ABANDONED}, {@code QUEUE_FULL}, {@code REJECTED}, {@code VOICEMAIL},
     *     {@code MEDIA_LOST}, {@code REQUESTED}
     * @param waitedSeconds time from arrival in the queue to hang-up or refusal; null outside a queue
     * @param ringNoAnswers offers to agents that rang out before the caller left
     * @param callbackStatus the must-call-back task's status ({@code OPEN}, {@code CLAIMED}, {@code DONE}); null without
     *     a task
     * @param callbackOutcome how the callback ended ({@code REACHED}, {@code NO_ANSWER} …); null until done
     * @param callbackAttempts attempts made so far
     * @param calledBackAt when the task was closed, local time
     */
    record Row(
            UUID callId,
            LocalDateTime arrivedAt,
            @Nullable String skillGroup,
            String reason,
            @Nullable Double waitedSeconds,
            int ringNoAnswers,
            @Nullable String callbackStatus,
            @Nullable String callbackOutcome,
            int callbackAttempts,
            @Nullable LocalDateTime calledBackAt) {}

    /** The lines, and whether more existed than {@link #MAX_ROWS}. */
    record Result(List<Row> rows, boolean truncated) {}

    private static final String SQL = "SELECT COALESCE(r.call_id, t.call_id) AS call_id,"
            + " (COALESCE(r.queued_at, t.arrived_at) AT TIME ZONE :zone) AS arrived,"
            + " COALESCE(r.skill_group, t.skill_group) AS skill_group,"
            + " COALESCE(t.reason, CASE WHEN r.outcome = 'REJECTED' THEN 'QUEUE_FULL' ELSE r.outcome END) AS reason,"
            + " extract(epoch FROM r.ended_at - r.queued_at) AS waited,"
            + " COALESCE(r.ring_no_answers, 0) AS ring_no_answers,"
            + " t.status, t.outcome AS callback_outcome, COALESCE(t.attempts, 0) AS attempts,"
            + " (t.done_at AT TIME ZONE :zone) AS done"
            + " FROM (SELECT * FROM call_record WHERE answered_at IS NULL AND outcome IN ('ABANDONED', 'REJECTED')"
            + "       AND queued_at >= :from AND queued_at < :to) r"
            + " FULL JOIN (SELECT * FROM callback_task WHERE arrived_at >= :from AND arrived_at < :to) t"
            + " ON t.call_id = r.call_id"
            + " ORDER BY 2, 1 LIMIT :limit";

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    MissedCallReport(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    Mono<Result> run(Instant from, Instant to, ZoneId zone) {
        return db.sql(SQL)
                .bind("zone", zone.getId())
                .bind("from", from.atOffset(ZoneOffset.UTC))
                .bind("to", to.atOffset(ZoneOffset.UTC))
                .bind("limit", MAX_ROWS + 1)
                .map(row -> new Row(
                        Objects.requireNonNull(row.get("call_id", UUID.class)),
                        Objects.requireNonNull(row.get("arrived", LocalDateTime.class)),
                        row.get("skill_group", String.class),
                        Objects.requireNonNull(row.get("reason", String.class)),
                        seconds(row.get("waited", BigDecimal.class)),
                        count(row.get("ring_no_answers", Integer.class)),
                        row.get("status", String.class),
                        row.get("callback_outcome", String.class),
                        count(row.get("attempts", Integer.class)),
                        row.get("done", LocalDateTime.class)))
                .all()
                .collectList()
                .map(rows -> rows.size() > MAX_ROWS
                        ? new Result(List.copyOf(rows.subList(0, MAX_ROWS)), true)
                        : new Result(rows, false))
                .as(tx::transactional);
    }

    private static int count(@Nullable Integer value) {
        return value == null ? 0 : value;
    }

    private static @Nullable Double seconds(@Nullable BigDecimal value) {
        return value == null ? null : Math.round(value.doubleValue() * 10.0) / 10.0;
    }
}

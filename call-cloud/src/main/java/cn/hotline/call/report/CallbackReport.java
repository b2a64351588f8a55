package cn.hotline.call.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The must-call-back list per day of the missed call (tenant's zone): tasks made, by reason, and how they ended;
 * {@code overdue} counts tasks done after their due time or still not done past it; {@code requested} counts the
 * callbacks callers asked for, among them those kept in their place at the queue limit ({@code QUEUE_CALLBACK}).
 */
final class CallbackReport {

    /** One day's callback figures. */
    record Row(
            LocalDate day,
            long tasks,
            long abandoned,
            long queueFull,
            long requested,
            long voicemail,
            long mediaLost,
            long open,
            long reached,
            long noAnswer,
            long busy,
            long wrongNumber,
            long notNeeded,
            long overdue,
            @Nullable Double reachedRate) {}

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    CallbackReport(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    Mono<List<Row>> run(Instant from, Instant to, ZoneId zone) {
        return db.sql("SELECT (arrived_at AT TIME ZONE :zone)::date AS day, count(*) AS tasks,"
                        + " count(*) FILTER (WHERE reason IN ('ABANDONED', 'SHORT_ABANDONED')) AS abandoned,"
                        + " count(*) FILTER (WHERE reason = 'QUEUE_FULL') AS queue_full,"
                        + " count(*) FILTER (WHERE reason IN ('REQUESTED', 'QUEUE_CALLBACK')) AS requested,"
                        + " count(*) FILTER (WHERE reason = 'VOICEMAIL') AS voicemail,"
                        + " count(*) FILTER (WHERE reason = 'MEDIA_LOST') AS media_lost,"
                        + " count(*) FILTER (WHERE status <> 'DONE') AS open,"
                        + " count(*) FILTER (WHERE status = 'DONE' AND outcome = 'REACHED') AS reached,"
                        + " count(*) FILTER (WHERE status = 'DONE' AND outcome = 'NO_ANSWER') AS no_answer,"
                        + " count(*) FILTER (WHERE status = 'DONE' AND outcome = 'BUSY') AS busy,"
                        + " count(*) FILTER (WHERE status = 'DONE' AND outcome = 'WRONG_NUMBER') AS wrong_number,"
                        + " count(*) FILTER (WHERE status = 'DONE' AND outcome = 'NOT_NEEDED') AS not_needed,"
                        + " count(*) FILTER (WHERE COALESCE(done_at, now()) > due_at) AS overdue"
                        + " FROM callback_task WHERE arrived_at >= :from AND arrived_at < :to GROUP BY 1 ORDER BY 1")
                .bind("zone", zone.getId())
                .bind("from", from.atOffset(ZoneOffset.UTC))
                .bind("to", to.atOffset(ZoneOffset.UTC))
                .map(row -> {
                    long tasks = n(row.get("tasks", Long.class));
                    long reached = n(row.get("reached", Long.class));
                    return new Row(
                            Objects.requireNonNull(row.get("day", LocalDate.class)),
                            tasks,
                            n(row.get("abandoned", Long.class)),
                            n(row.get("queue_full", Long.class)),
                            n(row.get("requested", Long.class)),
                            n(row.get("voicemail", Long.class)),
                            n(row.get("media_lost", Long.class)),
                            n(row.get("open", Long.class)),
                            reached,
                            n(row.get("no_answer", Long.class)),
                            n(row.get("busy", Long.class)),
                            n(row.get("wrong_number", Long.class)),
                            n(row.get("not_needed", Long.class)),
                            n(row.get("overdue", Long.class)),
                            tasks == 0 ? null : Math.round(reached * 10_000.0 / tasks) / 10_000.0);
                })
                .all()
                .collectList()
                .as(tx::transactional);
    }

    private static long n(@Nullable Long value) {
        return value == null ? 0 : value;
    }
}

package cn.hotline.call.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Traffic and service figures from {@code call_record}, bucketed by the arrival time in the tenant's zone. Runs in a
 * transaction of the bound tenant: row-level security keeps it to the tenant's calls.
 */
final class TrafficReport {

    static final String SERVICE_LEVEL_FORMULA =
            "服务水平(T) = T秒内接听的来电数 ÷ 呼入总量 (service level = calls answered within T s ÷ calls offered)";
    static final String ANSWER_RATE_FORMULA =
            "接通率 = 接听数 ÷ 呼入总量 (answer rate = calls answered ÷ calls offered; over a whole day this is"
                    + " GB/T 33358's 24-hour answer rate)";
    static final String ABANDON_RATE_FORMULA = "放弃率 = 放弃数 ÷ 呼入总量 (abandon rate = calls abandoned ÷ calls offered)";
    static final String SATISFACTION_FORMULA =
            "满意率 = 评分4-5的满意度调查数 ÷ 参与调查数 (satisfaction rate = post-call surveys scored 4 or 5 ÷ surveys"
                    + " answered; average score over answered surveys, 1-5)";
    static final String SHORT_ABANDON_NOTE =
            "短时放弃(等待不足阈值即挂机)按租户设置计入或不计入呼入总量与放弃数 (short abandons are left out of offered"
                    + " and abandoned, or counted, as the tenant chooses)";

    static final String AHT_FORMULA = "平均处理时长 = (通话时长 + 话后处理时长) 之和 ÷ 已结束的接听来电数 (AHT = (talk time + after-call work) of"
            + " answered calls that ended ÷ their number; talk time from answer to hang-up, after-call work from"
            + " the hang-up until the agent leaves wrap-up; a wrap-up still running counts as none)";
    static final String IVR_ABANDON_NOTE =
            "IVR中放弃(未进入队列即挂机)单列,不计入呼入总量与放弃数 (callers who hang up in the IVR before reaching a"
                    + " queue are shown apart, not in offered or abandoned calls: they never asked for an agent)";

    static final String LEFT_QUEUE_NOTE = "排队回拨/转留言: 等待达到租户上限后选择保留排位回拨或留言的来电,计入呼入总量,不计接听或放弃;回拨结果见回拨报表"
            + " (kept for callback / voicemail: callers who reached the tenant's wait limit and kept their place"
            + " for a callback or left a message; in offered calls, neither answered nor abandoned; what the"
            + " callbacks achieved is in the callback report)";

    /** The call-record outcome of a caller who hung up in the IVR, before reaching a queue. */
    static final String ABANDONED_IN_IVR = cn.hotline.call.history.CallParties.ABANDONED_IN_IVR;

    /** The question a report answers. */
    record Query(
            Instant from,
            Instant to,
            ZoneId zone,
            Granularity granularity,
            Breakdown breakdown,
            Duration shortAbandon,
            ShortAbandons shortAbandons) {}

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    TrafficReport(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    Mono<List<TrafficRow>> run(Query query) {
        String local = "(queued_at AT TIME ZONE :zone)";
        // after-call work: the agent's state change into wrap-up at the instant the call ended, until its next change
        String wraps = "WITH wraps AS (SELECT agent_id AS wrap_agent, at AS wrap_started, detail AS wrap_detail,"
                + " lead(at) OVER (PARTITION BY agent_id ORDER BY id) AS wrap_ended FROM acd_decision"
                + " WHERE kind = 'AgentStateChanged' AND at >= :from AND at < :to + interval '2 days') ";
        String inQueue = "outcome <> '" + ABANDONED_IN_IVR + "'";
        String sql = wraps + "SELECT " + query.granularity().bucket(local) + " AS period, "
                + query.breakdown().key() + " AS key,"
                + " count(*) FILTER (WHERE " + inQueue + ") AS arrived,"
                + " count(*) FILTER (WHERE answered_at IS NOT NULL) AS answered,"
                + " count(*) FILTER (WHERE outcome = 'ABANDONED') AS abandoned,"
                + " count(*) FILTER (WHERE outcome = 'ABANDONED' AND ended_at - queued_at < make_interval(secs => :short))"
                + " AS short_abandoned,"
                + " count(*) FILTER (WHERE outcome = 'REJECTED') AS rejected,"
                + " count(*) FILTER (WHERE answered_at - queued_at <= interval '15 seconds') AS within15,"
                + " count(*) FILTER (WHERE answered_at - queued_at <= interval '20 seconds') AS within20,"
                + " avg(extract(epoch FROM answered_at - queued_at)) FILTER (WHERE answered_at IS NOT NULL) AS asa,"
                + " avg(extract(epoch FROM ended_at - answered_at)"
                + " + COALESCE(extract(epoch FROM wrap_ended - wrap_started), 0)) FILTER (WHERE outcome = 'ANSWERED')"
                + " AS aht,"
                + " max(extract(epoch FROM COALESCE(answered_at, ended_at) - queued_at)) FILTER (WHERE " + inQueue
                + ") AS max_wait,"
                + " count(survey_score) AS surveyed,"
                + " count(*) FILTER (WHERE survey_score >= 4) AS satisfied,"
                + " avg(survey_score) AS average_score,"
                + " count(*) FILTER (WHERE outcome = '" + ABANDONED_IN_IVR + "') AS abandoned_in_ivr,"
                + " count(*) FILTER (WHERE outcome = 'CALLBACK_KEPT') AS kept_for_callback,"
                + " count(*) FILTER (WHERE outcome = 'VOICEMAIL') AS voicemail"
                + " FROM call_record LEFT JOIN wraps ON outcome = 'ANSWERED' AND wrap_agent = agent_id"
                + " AND wrap_started = ended_at AND wrap_detail LIKE '%->AFTER_CALL_WORK'"
                + " WHERE queued_at >= :from AND queued_at < :to"
                + " GROUP BY 1, 2 ORDER BY 1, 2";
        return db.sql(sql)
                .bind("zone", query.zone().getId())
                .bind("short", (double) query.shortAbandon().toMillis() / 1000.0)
                .bind("from", query.from().atOffset(java.time.ZoneOffset.UTC))
                .bind("to", query.to().atOffset(java.time.ZoneOffset.UTC))
                .map(row -> TrafficRow.of(
                        Objects.requireNonNull(row.get("period", LocalDateTime.class)),
                        Objects.requireNonNull(row.get("key", String.class)),
                        count(row.get("arrived", Long.class)),
                        count(row.get("answered", Long.class)),
                        count(row.get("abandoned", Long.class)),
                        count(row.get("short_abandoned", Long.class)),
                        count(row.get("rejected", Long.class)),
                        count(row.get("within15", Long.class)),
                        count(row.get("within20", Long.class)),
                        seconds(row.get("asa", java.math.BigDecimal.class)),
                        seconds(row.get("aht", java.math.BigDecimal.class)),
                        seconds(row.get("max_wait", java.math.BigDecimal.class)),
                        query.shortAbandons(),
                        count(row.get("surveyed", Long.class)),
                        count(row.get("satisfied", Long.class)),
                        seconds(row.get("average_score", java.math.BigDecimal.class)),
                        count(row.get("abandoned_in_ivr", Long.class)),
                        count(row.get("kept_for_callback", Long.class)),
                        count(row.get("voicemail", Long.class))))
                .all()
                .collectList()
                .as(tx::transactional);
    }

    private static long count(@Nullable Long value) {
        return value == null ? 0 : value;
    }

    private static @Nullable Double seconds(java.math.@Nullable BigDecimal value) {
        return value == null ? null : Math.round(value.doubleValue() * 10.0) / 10.0;
    }
}

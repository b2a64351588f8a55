package cn.hotline.call.history;

import cn.hotline.call.acd.AcdFollower;
import cn.hotline.kernel.events.CallEvent;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Keeps {@code call_record} (one row per call: group, waits, offers, who answered, how it ended) up to date with the
 * tenant's decisions. Each decision is folded in once: a row remembers the newest decision it holds
 * ({@code last_decision}), so a replay after a crash or a writer change changes nothing. Decisions and cursor move in
 * one transaction.
 */
final class CallRecords implements AcdFollower {

    private final DecisionLog log;
    private final DatabaseClient db;
    private final TransactionalOperator tx;

    CallRecords(DatabaseClient db, TransactionalOperator tx, int batch) {
        this.db = db;
        this.tx = tx;
        this.log = new DecisionLog(db, batch);
    }

    @Override
    public Mono<Void> follow(TenantId tenant) {
        return log.foldNew(tenant, DecisionLog.Cursor.CALL_RECORDS, tx, event -> fold(tenant, event));
    }

    private Mono<Void> fold(TenantId tenant, CallEvent event) {
        return switch (event) {
            case CallEvent.CallArrived e ->
                db.sql("INSERT INTO call_record (tenant_id, call_id, skill_group, priority, queued_at, outcome,"
                                + " last_decision) VALUES (:tenant, :call, :group, :priority, :at, 'WAITING', :seq)"
                                + " ON CONFLICT (tenant_id, call_id) DO NOTHING")
                        .bind("tenant", tenant.value())
                        .bind("call", e.call().value())
                        .bind("group", e.group())
                        .bind("priority", e.priority())
                        .bind("at", time(e.at()))
                        .bind("seq", e.sequence())
                        .fetch()
                        .rowsUpdated()
                        .then();
            case CallEvent.CallOffered e ->
                update(e, "offers = offers + 1, first_offered_at = COALESCE(first_offered_at, :at)", e.call(), null);
            case CallEvent.CallRingTimedOut e -> update(e, "ring_no_answers = ring_no_answers + 1", e.call(), null);
            case CallEvent.CallOverflowed e ->
                update(e, "overflowed_to = COALESCE(overflowed_to, :text)", e.call(), e.group());
            case CallEvent.CallAnswered e ->
                // after a transfer the first answer stays the call's answer time; the agent is the newest
                // a kept callback's caller had hung up: the agent calls back (outbound_call), the call is not answered
                update(
                        e,
                        "answered_at = CASE WHEN outcome = 'CALLBACK_KEPT' THEN answered_at"
                                + " ELSE COALESCE(answered_at, :at) END, agent_id = :text,"
                                + " outcome = CASE WHEN outcome = 'CALLBACK_KEPT' THEN outcome ELSE 'CONNECTED' END",
                        e.call(),
                        e.agent());
            case CallEvent.CallTransferred e when e.number() != null -> Mono.empty(); // out: outbound_call has it
            case CallEvent.CallTransferred e ->
                update(
                        e,
                        "transfers = transfers + 1, transferred_to = :text, transferred_by = '" + quoted(e.agent())
                                + "', outcome = 'WAITING'",
                        e.call(),
                        e.toKind() + " " + e.to());
            case CallEvent.ConsultStarted e -> update(e, "consults = consults + 1", e.call(), null);
            case CallEvent.ConsultEnded e ->
                "COMPLETED".equals(e.outcome()) && e.target() != null
                        ? update(
                                e,
                                "consult_result = 'COMPLETED', transfers = transfers + 1, transferred_by = '"
                                        + quoted(e.agent()) + "', transferred_to = :text, agent_id = '"
                                        + quoted(e.target()) + "'",
                                e.call(),
                                "agent " + e.target())
                        : update(e, "consult_result = :text", e.call(), e.outcome());
            case CallEvent.ConferenceStarted e ->
                update(e, "conferenced_at = COALESCE(conferenced_at, :at)", e.call(), null);
            case CallEvent.DtmfSent e ->
                update(e, "dtmf_sent = COALESCE(dtmf_sent, '') || :text", e.call(), e.digits());
            case CallEvent.SurveyAnswered e ->
                update(e, "survey_score = " + e.score() + ", survey_at = :at", e.call(), null);
            case CallEvent.CallEnded e ->
                update(
                        e,
                        "ended_at = CASE WHEN outcome = 'CALLBACK_KEPT' THEN ended_at ELSE :at END,"
                                + " outcome = CASE WHEN outcome = 'CALLBACK_KEPT' THEN outcome ELSE 'ANSWERED' END",
                        e.call(),
                        null);
            case CallEvent.CallLeftQueue e ->
                // a released kept callback's record stays CALLBACK_KEPT: its caller is still owed the call
                "RELEASED".equals(e.reason())
                        ? Mono.empty()
                        : update(
                                e,
                                "ended_at = :at, outcome = :text",
                                e.call(),
                                "CALLBACK".equals(e.reason()) ? "CALLBACK_KEPT" : "VOICEMAIL");
            case CallEvent.CallAbandoned e -> update(e, "ended_at = :at, outcome = 'ABANDONED'", e.call(), null);
            case CallEvent.CallRejected e ->
                // A duplicate is refused before it arrives: the record is the first call's, left alone.
                "DUPLICATE_CALL".equals(e.reason())
                        ? Mono.empty()
                        : update(
                                e, "ended_at = :at, outcome = 'REJECTED', reject_reason = :text", e.call(), e.reason());
            case CallEvent.CallQueued e -> Mono.empty();
            case CallEvent.AgentStateChanged e -> Mono.empty();
        };
    }

    private Mono<Void> update(CallEvent event, String set, CallId call, @Nullable String text) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("UPDATE call_record SET " + set + ", last_decision = :seq"
                        + " WHERE call_id = :call AND last_decision < :seq")
                .bind("seq", event.sequence())
                .bind("call", call.value());
        if (set.contains(":at")) {
            spec = spec.bind("at", time(event.at()));
        }
        if (set.contains(":text")) {
            spec = text == null ? spec.bindNull("text", String.class) : spec.bind("text", text);
        }
        return spec.fetch().rowsUpdated().then();
    }

    /** Agent ids are restricted to {@code [A-Za-z0-9._-]}; doubling quotes keeps the SQL literal safe regardless. */
    private static String quoted(String value) {
        return value.replace("'", "''");
    }

    private static OffsetDateTime time(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}

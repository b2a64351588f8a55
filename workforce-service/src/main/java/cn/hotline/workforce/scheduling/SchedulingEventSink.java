package cn.hotline.workforce.scheduling;

import cn.hotline.kernel.events.CallEvent;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.workforce.events.CallEventSink;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Folds call events for scheduling: agents' state changes (adherence) into {@code wfm_agent_state}, and each call's
 * arrival, answer, end or abandonment (the forecast's history) into {@code wfm_call}. Each event once.
 */
@Component
final class SchedulingEventSink implements CallEventSink {

    private final DatabaseClient db;
    private final SchedulingTransactions tx;

    SchedulingEventSink(DatabaseClient db, SchedulingTransactions tx) {
        this.db = db;
        this.tx = tx;
    }

    @Override
    public Mono<Void> accept(TenantId tenant, UUID eventId, CallEvent event) {
        Mono<Long> fold =
                switch (event) {
                    case CallEvent.AgentStateChanged e ->
                        db.sql("INSERT INTO wfm_agent_state (tenant_id, agent, at, seq, state) VALUES (:t, :a, :at, :s,"
                                        + " :st) ON CONFLICT DO NOTHING")
                                .bind("t", tenant.value())
                                .bind("a", e.agent())
                                .bind("at", e.at().atOffset(ZoneOffset.UTC))
                                .bind("s", e.sequence())
                                .bind("st", e.to())
                                .fetch()
                                .rowsUpdated();
                    case CallEvent.CallArrived e -> call(tenant, e.call().value(), "arrived_at", e);
                    case CallEvent.CallAnswered e -> call(tenant, e.call().value(), "answered_at", e);
                    case CallEvent.CallEnded e -> call(tenant, e.call().value(), "ended_at", e);
                    case CallEvent.CallAbandoned e ->
                        db.sql("INSERT INTO wfm_call (tenant_id, call_id, abandoned) VALUES (:t, :c, true)"
                                        + " ON CONFLICT (tenant_id, call_id) DO UPDATE SET abandoned = true")
                                .bind("t", tenant.value())
                                .bind("c", e.call().value())
                                .fetch()
                                .rowsUpdated();
                    default -> Mono.empty();
                };
        return tx.run(
                TenantContext.of(tenant),
                db.sql("INSERT INTO wfm_event_seen (tenant_id, event_id) VALUES (:t, :e) ON CONFLICT DO NOTHING")
                        .bind("t", tenant.value())
                        .bind("e", eventId)
                        .fetch()
                        .rowsUpdated()
                        .flatMap(fresh -> fresh == 0 ? Mono.<Void>empty() : fold.then()));
    }

    private Mono<Long> call(TenantId tenant, UUID call, String column, CallEvent event) {
        // the first arrival counts (an overflow or re-queue does not move it)
        String update = column.equals("arrived_at")
                ? "arrived_at = coalesce(wfm_call.arrived_at, excluded.arrived_at)"
                : column + " = excluded." + column;
        return db.sql("INSERT INTO wfm_call (tenant_id, call_id, " + column + ") VALUES (:t, :c, :at)"
                        + " ON CONFLICT (tenant_id, call_id) DO UPDATE SET " + update)
                .bind("t", tenant.value())
                .bind("c", call)
                .bind("at", event.at().atOffset(ZoneOffset.UTC))
                .fetch()
                .rowsUpdated();
    }
}

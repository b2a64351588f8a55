package cn.hotline.workforce.quality;

import cn.hotline.kernel.events.CallEvent;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.workforce.events.CallEventSink;
import cn.hotline.workforce.events.TicketEventSink;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Folds call events into {@code qa_call} (group from CallArrived, agent and time from CallAnswered, end from
 * CallEnded) and ticket events into {@code qa_ticket}: a complaint ticket (TicketOpened with kind COMPLAINT) flags its
 * calls as complaints; a dissatisfied callback (CallbackRecorded) flags them as dissatisfied. Each event once (the
 * envelope id in {@code qa_event_seen}), in the tenant's own transaction.
 */
@Component
final class QualityEventSinks implements CallEventSink, TicketEventSink {

    private final DatabaseClient db;
    private final QualityTransactions tx;

    QualityEventSinks(DatabaseClient db, QualityTransactions tx) {
        this.db = db;
        this.tx = tx;
    }

    @Override
    public Mono<Void> accept(TenantId tenant, UUID eventId, CallEvent event) {
        Mono<Long> fold =
                switch (event) {
                    case CallEvent.CallArrived e -> upsert(tenant, e.call().value(), "group_code", e.group());
                    case CallEvent.CallAnswered e ->
                        db.sql("INSERT INTO qa_call (tenant_id, call_id, agent, answered_at) VALUES (:t, :c, :a, :at)"
                                        + " ON CONFLICT (tenant_id, call_id) DO UPDATE SET agent = excluded.agent,"
                                        + " answered_at = excluded.answered_at")
                                .bind("t", tenant.value())
                                .bind("c", e.call().value())
                                .bind("a", e.agent())
                                .bind("at", e.at().atOffset(ZoneOffset.UTC))
                                .fetch()
                                .rowsUpdated();
                    case CallEvent.CallEnded e -> upsert(tenant, e.call().value(), "ended_at", e.at());
                    default -> Mono.empty();
                };
        return once(tenant, eventId, fold);
    }

    private Mono<Long> upsert(TenantId tenant, UUID call, String column, Object value) {
        Object bound = value instanceof Instant at ? at.atOffset(ZoneOffset.UTC) : value;
        return db.sql("INSERT INTO qa_call (tenant_id, call_id, " + column + ") VALUES (:t, :c, :v)"
                        + " ON CONFLICT (tenant_id, call_id) DO UPDATE SET " + column + " = excluded." + column)
                .bind("t", tenant.value())
                .bind("c", call)
                .bind("v", bound)
                .fetch()
                .rowsUpdated();
    }

    @Override
    public Mono<Void> accept(TenantId tenant, UUID eventId, String type, JsonNode payload) {
        String ticket = payload.path("ticket").asString();
        JsonNode details = payload.path("details");
        Mono<Long> fold =
                switch (type) {
                    case "TicketOpened" -> opened(tenant, ticket, payload, details);
                    case "CallbackRecorded" ->
                        "DISSATISFIED".equals(details.path("satisfaction").asString())
                                ? db.sql(
                                                "UPDATE qa_call SET dissatisfied = true WHERE call_id IN"
                                                        + " (SELECT call_id FROM qa_ticket WHERE ticket_id = :k AND call_id IS NOT NULL)")
                                        .bind("k", ticket)
                                        .fetch()
                                        .rowsUpdated()
                                : Mono.empty();
                    default -> Mono.empty();
                };
        return once(tenant, eventId, fold);
    }

    private Mono<Long> opened(TenantId tenant, String ticket, JsonNode payload, JsonNode details) {
        boolean complaint = "COMPLAINT".equals(details.path("kind").asString());
        List<UUID> calls = new ArrayList<>();
        for (JsonNode call : details.path("calls")) {
            String text = call.isObject() ? call.path("value").asString() : call.asString();
            try {
                calls.add(UUID.fromString(text));
            } catch (IllegalArgumentException notACall) {
                // a malformed call reference links nothing
            }
        }
        String actor = payload.path("actor").asString();
        String agent = "USER".equalsIgnoreCase(payload.path("actorKind").asString()) || actor.startsWith("user:")
                ? actor.replaceFirst("^user:", "")
                : null;
        Instant at = Instant.parse(payload.path("at").asString());
        Mono<Long> insert = db.sql("INSERT INTO qa_ticket (tenant_id, ticket_id, agent, call_id, complaint, opened_at)"
                        + " VALUES (:t, :k, :a, :c, :p, :at) ON CONFLICT DO NOTHING")
                .bind("t", tenant.value())
                .bind("k", ticket)
                .bind("a", Parameter.fromOrEmpty(agent, String.class))
                .bind("c", Parameter.fromOrEmpty(calls.isEmpty() ? null : calls.getFirst(), UUID.class))
                .bind("p", complaint)
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .fetch()
                .rowsUpdated();
        Mono<Long> flag = !complaint || calls.isEmpty()
                ? Mono.just(0L)
                : Flux.fromIterable(calls)
                        .concatMap(call -> db.sql("INSERT INTO qa_call (tenant_id, call_id, complaint) VALUES (:t, :c,"
                                        + " true) ON CONFLICT (tenant_id, call_id) DO UPDATE SET complaint = true")
                                .bind("t", tenant.value())
                                .bind("c", call)
                                .fetch()
                                .rowsUpdated())
                        .reduce(0L, Long::sum);
        return insert.then(flag);
    }

    private Mono<Void> once(TenantId tenant, UUID eventId, Mono<Long> fold) {
        return tx.run(
                TenantContext.of(tenant),
                db.sql("INSERT INTO qa_event_seen (tenant_id, event_id) VALUES (:t, :e) ON CONFLICT DO NOTHING")
                        .bind("t", tenant.value())
                        .bind("e", eventId)
                        .fetch()
                        .rowsUpdated()
                        .flatMap(fresh -> fresh == 0 ? Mono.<Void>empty() : fold.then()));
    }
}

package cn.hotline.ticket.notice;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.ticket.ticket.TicketChangeListener;
import cn.hotline.ticket.ticket.domain.LedgerEntry;
import cn.hotline.ticket.ticket.domain.Ticket;
import cn.hotline.ticket.ticket.domain.TicketEvent;
import cn.hotline.ticket.ticket.domain.WarningLevel;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a notice in the transaction of every urge, supervision and SLA warning: to the main unit while a unit holds
 * the ticket, else to the centre (the ticket's workstation, if it was opened in one). The row carries its Pulsar
 * envelope; {@link NoticeRelay} publishes it.
 */
@Component
final class NoticeListener implements TicketChangeListener {

    private final DatabaseClient db;
    private final JsonMapper json;
    private final NoticeRelay relay;

    NoticeListener(DatabaseClient db, JsonMapper json, NoticeRelay relay) {
        this.db = db;
        this.json = json;
        this.relay = relay;
    }

    private record What(String kind, @Nullable String level, @Nullable String limit, String note) {}

    @Override
    public Mono<Void> changed(TenantId tenant, Ticket after, LedgerEntry entry) {
        What what =
                switch (entry.event()) {
                    case TicketEvent.TicketUrged u -> new What("URGED", null, null, "催办：" + u.note());
                    case TicketEvent.TicketSupervised s -> new What("SUPERVISED", null, null, "督办：" + s.note());
                    case TicketEvent.WarningRaised w ->
                        new What(
                                "WARNING",
                                w.level().name(),
                                w.limit(),
                                (w.level() == WarningLevel.RED
                                        ? "红灯：时限「" + w.limit() + "」已超时"
                                        : "黄灯：时限「" + w.limit() + "」即将到期"));
                    default -> null;
                };
        if (what == null) {
            return Mono.empty();
        }
        boolean withUnit = after.mainUnit() != null && after.status().isWithUnit();
        String unit = withUnit ? after.mainUnit().value() : null;
        String scope = withUnit ? after.mainUnit().scope() : after.opened().workstation();
        UUID id = Uuids.v7();
        NoticeMessage message = new NoticeMessage(
                id.toString(),
                after.id().toString(),
                entry.seq(),
                what.kind(),
                what.level(),
                what.limit(),
                unit,
                scope,
                what.note(),
                after.opened().category(),
                after.opened().urgency().name(),
                after.status().name(),
                after.opened().externalRef(),
                entry.actor().id(),
                entry.at());
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", id.toString());
        envelope.put("type", "NoticeIssued");
        envelope.put("version", 1);
        envelope.put("tenant", tenant.value());
        envelope.put("occurredAt", entry.at().toString());
        envelope.put("requestId", null);
        envelope.put("payload", message);
        return db.sql("INSERT INTO ticket_notice (tenant_id, id, ticket_id, ledger_seq, kind, level, limit_name,"
                        + " recipient_unit, recipient_scope, note, created_at, envelope) VALUES (:t, :id, :ticket,"
                        + " :seq, :kind, :level, :limit, :unit, :scope, :note, :at, CAST(:envelope AS jsonb))")
                .bind("t", tenant.value())
                .bind("id", id)
                .bind("ticket", after.id().value())
                .bind("seq", entry.seq())
                .bind("kind", what.kind())
                .bind("level", Parameter.fromOrEmpty(what.level(), String.class))
                .bind("limit", Parameter.fromOrEmpty(what.limit(), String.class))
                .bind("unit", Parameter.fromOrEmpty(unit, String.class))
                .bind("scope", Parameter.fromOrEmpty(scope, String.class))
                .bind("note", what.note())
                .bind("at", entry.at().atOffset(ZoneOffset.UTC))
                .bind("envelope", json.writeValueAsString(envelope))
                .fetch()
                .rowsUpdated()
                .doOnSuccess(rows -> relay.touched(tenant.value()))
                .then();
    }
}

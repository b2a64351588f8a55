package cn.hotline.ticket.ticket;

import cn.hotline.kernel.crypto.PersonalDataCipher;
import cn.hotline.kernel.events.EventEnvelope;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.ticket.ticket.domain.Actor;
import cn.hotline.ticket.ticket.domain.LedgerEntry;
import cn.hotline.ticket.ticket.domain.Ticket;
import cn.hotline.ticket.ticket.domain.UnitCode;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The ledger (the truth, append-only), the ticket row (its projection, guarded by an optimistic version) and the
 * event outbox, always written together in the caller's transaction. Runs inside a transaction bound to the tenant
 * (row-level security narrows what a unit's or workstation's user can read).
 */
@Component
final class TicketStore {

    private final DatabaseClient db;
    private final LedgerCodec codec;
    private final PersonalDataCipher cipher;
    private final List<TicketChangeListener> listeners;

    TicketStore(
            DatabaseClient db,
            LedgerCodec codec,
            PersonalDataCipher cipher,
            org.springframework.beans.factory.ObjectProvider<TicketChangeListener> listeners) {
        this.db = db;
        this.codec = codec;
        this.cipher = cipher;
        this.listeners = listeners.orderedStream().toList();
    }

    /** The ticket as its ledger replays, if the bound caller may see it. */
    Mono<Ticket> load(UUID id) {
        return Tenancy.requireTenant().flatMap(tenant -> ledger(tenant, id)
                .flatMap(entries -> entries.isEmpty() ? Mono.empty() : Mono.just(Ticket.replay(entries))));
    }

    Mono<List<LedgerEntry>> ledger(TenantId tenant, UUID id) {
        return db.sql("SELECT seq, type, at, actor, actor_kind, actor_unit, payload::text AS payload, personal,"
                        + " attachments::text AS attachments FROM ticket_ledger WHERE ticket_id = :id ORDER BY seq")
                .bind("id", id)
                .map(row -> entry(tenant, row))
                .all()
                .collectList();
    }

    private LedgerEntry entry(TenantId tenant, Readable row) {
        String unit = row.get("actor_unit", String.class);
        Actor actor = new Actor(
                Objects.requireNonNull(row.get("actor", String.class)),
                Actor.Kind.valueOf(row.get("actor_kind", String.class)),
                unit == null ? null : UnitCode.of(unit));
        return new LedgerEntry(
                Objects.requireNonNull(row.get("seq", Integer.class)),
                Objects.requireNonNull(row.get("at", OffsetDateTime.class)).toInstant(),
                actor,
                codec.event(
                        tenant,
                        Objects.requireNonNull(row.get("type", String.class)),
                        Objects.requireNonNull(row.get("payload", String.class)),
                        row.get("personal", byte[].class)),
                codec.attachments(Objects.requireNonNull(row.get("attachments", String.class))));
    }

    reactor.core.publisher.Flux<UUID> openTickets() {
        return db.sql("SELECT id FROM ticket WHERE status NOT IN ('CLOSED', 'ARCHIVED', 'MERGED') ORDER BY opened_at")
                .map(row -> Objects.requireNonNull(row.get("id", UUID.class)))
                .all();
    }

    /** A new ticket: its projection, its first ledger entry and its event. */
    Mono<Void> insert(TenantId tenant, Ticket ticket, LedgerEntry first, @Nullable String requestId) {
        Mono<Long> register = db.sql("INSERT INTO ticket_tenant (tenant_slug) VALUES (:t) ON CONFLICT DO NOTHING")
                .bind("t", tenant.value())
                .fetch()
                .rowsUpdated();
        GenericExecuteSpec insert = db.sql(
                        "INSERT INTO ticket (tenant_id, id, version, status, channel, kind, category,"
                                + " urgency, confidential, phone_index, summary, area, external_ref, visible_scopes, opened_at,"
                                + " updated_at) VALUES (:t, :id, 1, :status, :channel, :kind, :category, :urgency,"
                                + " :confidential, :phone, :summary, :area, :ext, :scopes, :opened, :opened)")
                .bind("scopes", scopes(ticket))
                .bind("t", tenant.value())
                .bind("id", ticket.id().value())
                .bind("status", ticket.status().name())
                .bind("channel", ticket.opened().channel().name())
                .bind("kind", ticket.opened().kind().name())
                .bind("category", ticket.opened().category())
                .bind("urgency", ticket.opened().urgency().name())
                .bind("confidential", ticket.opened().confidential())
                .bind(
                        "phone",
                        cipher.blindIndex(tenant, ticket.opened().citizen().phone()))
                .bind("summary", summary(ticket.opened().content()))
                .bind("area", Parameter.fromOrEmpty(ticket.opened().area(), String.class))
                .bind("ext", Parameter.fromOrEmpty(ticket.opened().externalRef(), String.class))
                .bind("opened", at(ticket.openedAt()));
        Mono<Long> row = insert.fetch()
                .rowsUpdated()
                .onErrorMap(
                        DataIntegrityViolationException.class,
                        e -> new ProblemException(
                                ProblemCode.CONFLICT,
                                "A ticket with external reference '"
                                        + ticket.opened().externalRef() + "' exists already.",
                                Map.of("field", "externalRef")));
        return register.then(row).then(project(ticket, 1)).then(append(tenant, ticket, first, requestId));
    }

    /** The next step of an existing ticket; fails with 409 CONFLICT when someone else moved it first. */
    Mono<Void> save(TenantId tenant, Ticket before, Ticket after, LedgerEntry entry, @Nullable String requestId) {
        return project(after, before.version())
                .flatMap(rows -> rows == 1
                        ? append(tenant, after, entry, requestId)
                        : Mono.error(new ProblemException(
                                ProblemCode.CONFLICT,
                                "Ticket " + after.id() + " changed meanwhile (version " + before.version()
                                        + " is no longer current); reload it and try again.",
                                Map.of("expectedVersion", before.version()))));
    }

    /** Who besides the tenant-wide users may see the ticket: every unit involved, and its workstation. */
    private static String[] scopes(Ticket t) {
        List<String> scopes = new ArrayList<>();
        t.involvedUnits().forEach(u -> scopes.add(u.scope()));
        String workstation = t.opened().workstation();
        if (workstation != null) {
            scopes.add(workstation);
        }
        return scopes.toArray(String[]::new);
    }

    private Mono<Long> project(Ticket t, int expectedVersion) {
        return db.sql("UPDATE ticket SET version = :v, status = :status, main_unit = :main, co_units = :co,"
                        + " visible_scopes = :scopes, hard = :hard, direct_answer = :direct, satisfaction = :sat,"
                        + " dissatisfied_count = :dc, return_count = :rc, extension_count = :ec, extension_days = :ed,"
                        + " urge_count = :uc, supervise_count = :sc, suspended_seconds = :ss, suspended_since = :since,"
                        + " first_dispatched_at = :fd, dispatched_at = :d, signed_at = :s, answered_at = :a,"
                        + " closed_at = :c, merged_into = :m, calls = :calls, warnings = :w, updated_at = now()"
                        + " WHERE id = :id AND version = :expected")
                .bind("v", t.version())
                .bind("status", t.status().name())
                .bind(
                        "main",
                        Parameter.fromOrEmpty(
                                t.mainUnit() == null ? null : t.mainUnit().value(), String.class))
                .bind("co", t.coUnits().stream().map(UnitCode::value).toArray(String[]::new))
                .bind("scopes", scopes(t))
                .bind("hard", t.hard())
                .bind("direct", t.directAnswer())
                .bind(
                        "sat",
                        Parameter.fromOrEmpty(
                                t.satisfaction() == null
                                        ? null
                                        : t.satisfaction().name(),
                                String.class))
                .bind("dc", t.dissatisfiedCount())
                .bind("rc", t.returnCount())
                .bind("ec", t.extensionCount())
                .bind("ed", t.extensionDays())
                .bind("uc", t.urgeCount())
                .bind("sc", t.superviseCount())
                .bind("ss", t.suspendedTotal().toSeconds())
                .bind("since", time(t.suspendedSince()))
                .bind("fd", time(t.firstDispatchedAt()))
                .bind("d", time(t.dispatchedAt()))
                .bind("s", time(t.signedAt()))
                .bind("a", time(t.answeredAt()))
                .bind("c", time(t.closedAt()))
                .bind(
                        "m",
                        Parameter.fromOrEmpty(
                                t.mergedInto() == null ? null : t.mergedInto().value(), UUID.class))
                .bind("calls", t.calls().stream().map(CallId::value).toArray(UUID[]::new))
                .bind("w", t.warnings().stream().sorted().toArray(String[]::new))
                .bind("id", t.id().value())
                .bind("expected", expectedVersion)
                .fetch()
                .rowsUpdated();
    }

    private Mono<Void> append(TenantId tenant, Ticket after, LedgerEntry entry, @Nullable String requestId) {
        Actor actor = entry.actor();
        Mono<Long> ledger = db.sql("INSERT INTO ticket_ledger (tenant_id, ticket_id, seq, type, at, actor, actor_kind,"
                        + " actor_unit, payload, personal, attachments) VALUES (:t, :id, :seq, :type, :at, :actor,"
                        + " :kind, :unit, CAST(:payload AS jsonb), :personal, CAST(:att AS jsonb))")
                .bind("t", tenant.value())
                .bind("id", after.id().value())
                .bind("seq", entry.seq())
                .bind("type", entry.event().type())
                .bind("at", at(entry.at()))
                .bind("actor", actor.id())
                .bind("kind", actor.kind().name())
                .bind(
                        "unit",
                        Parameter.fromOrEmpty(
                                actor.unit() == null ? null : actor.unit().value(), String.class))
                .bind("payload", codec.payloadText(entry.event()))
                .bind("personal", Parameter.fromOrEmpty(codec.personal(tenant, entry.event()), byte[].class))
                .bind("att", codec.attachments(entry.attachments()))
                .fetch()
                .rowsUpdated()
                .onErrorMap(
                        DataIntegrityViolationException.class,
                        e -> new ProblemException(
                                ProblemCode.CONFLICT,
                                "Ticket " + after.id() + " changed meanwhile; reload it and try again."));
        TicketEventMessage message = new TicketEventMessage(
                after.id().toString(),
                entry.seq(),
                entry.event().type(),
                after.status().name(),
                after.opened().channel().name(),
                after.opened().urgency().name(),
                after.opened().externalRef(),
                after.mainUnit() == null ? null : after.mainUnit().value(),
                after.coUnits().stream().map(UnitCode::value).toList(),
                after.hard(),
                actor.id(),
                actor.kind().name(),
                actor.unit() == null ? null : actor.unit().value(),
                entry.at(),
                entry.attachments(),
                codec.payload(entry.event()));
        EventEnvelope<TicketEventMessage> envelope = new EventEnvelope<>(
                cn.hotline.kernel.id.Uuids.v7(), entry.event().type(), 1, tenant, entry.at(), requestId, message);
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("id", envelope.id().toString());
        wire.put("type", envelope.type());
        wire.put("version", envelope.version());
        wire.put("tenant", tenant.value());
        wire.put("occurredAt", envelope.occurredAt().toString());
        wire.put("requestId", envelope.requestId());
        wire.put("payload", message);
        Mono<Long> outbox = db.sql("INSERT INTO ticket_event_outbox (tenant_id, id, ticket_id, seq, type, envelope)"
                        + " VALUES (:t, :id, :ticket, :seq, :type, CAST(:envelope AS jsonb))")
                .bind("t", tenant.value())
                .bind("id", envelope.id())
                .bind("ticket", after.id().value())
                .bind("seq", entry.seq())
                .bind("type", envelope.type())
                .bind("envelope", codec.write(wire))
                .fetch()
                .rowsUpdated();
        Mono<Void> told = reactor.core.publisher.Flux.fromIterable(listeners)
                .concatMap(listener -> listener.changed(tenant, after, entry))
                .then();
        return ledger.then(outbox).then(told);
    }

    private static String summary(String content) {
        return content.length() <= 200 ? content : content.substring(0, 200);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Parameter time(@Nullable Instant instant) {
        return Parameter.fromOrEmpty(instant == null ? null : at(instant), OffsetDateTime.class);
    }
}

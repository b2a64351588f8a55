package cn.hotline.ticket.ticket;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.TicketId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.ScopeUnit;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.ticket.category.Categories;
import cn.hotline.ticket.directory.HandlingUnit;
import cn.hotline.ticket.directory.TenantDirectory;
import cn.hotline.ticket.ticket.domain.Actor;
import cn.hotline.ticket.ticket.domain.LedgerEntry;
import cn.hotline.ticket.ticket.domain.Ticket;
import cn.hotline.ticket.ticket.domain.TicketCommand;
import cn.hotline.ticket.ticket.domain.TicketEvent.TicketOpened;
import cn.hotline.ticket.ticket.domain.UnitCode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The ticket use cases: open, handle a command, read. Every step runs in one transaction bound to the caller's
 * tenant context (narrowed to a unit or workstation for their users, so they reach only the tickets they may see:
 * any other is 404), replays the ledger, lets the aggregate decide, and writes the ledger entry, the projection
 * (optimistic version) and the outbox event together — all or nothing.
 */
@Component
public final class TicketManagement {

    private final TicketTransactions tx;
    private final TicketStore store;
    private final Categories categories;
    private final TenantDirectory directory;
    private final Clock clock;
    private final TicketEventRelay relay;
    private final ObjectProvider<TicketCalls> calls;

    TicketManagement(
            TicketTransactions tx,
            TicketStore store,
            Categories categories,
            TenantDirectory directory,
            TicketEventRelay relay,
            ObjectProvider<Clock> clock,
            ObjectProvider<TicketCalls> calls) {
        this.relay = relay;
        this.calls = calls;
        this.tx = tx;
        this.store = store;
        this.categories = categories;
        this.directory = directory;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** Opens a ticket in the tenant of {@code context}; the category must be an active one of the tenant. */
    public Mono<Ticket> open(TenantContext context, NewTicket request, Actor actor, @Nullable String requestId) {
        TenantId tenant = tenantOf(context);
        String workstation = context instanceof TenantContext.Tenant t
                ? t.scopeUnit()
                        .filter(s -> !s.isHandlingUnit())
                        .map(ScopeUnit::value)
                        .orElse(null)
                : null;
        return Mono.defer(() -> opened(context, tenant, request, actor, requestId, workstation, clock.instant()));
    }

    private Mono<Ticket> opened(
            TenantContext context,
            TenantId tenant,
            NewTicket request,
            Actor actor,
            @Nullable String requestId,
            @Nullable String workstation,
            Instant now) {
        return tx.run(context, callsDuring(actor, now).flatMap(during -> {
                    List<CallId> calls = new ArrayList<>(request.calls());
                    during.stream().filter(c -> !calls.contains(c)).forEach(calls::add);
                    TicketOpened opened = new TicketOpened(
                            TicketId.random(),
                            request.channel(),
                            request.kind(),
                            request.category(),
                            request.urgency(),
                            request.confidential(),
                            request.citizen(),
                            request.content(),
                            request.address(),
                            request.area(),
                            calls,
                            request.externalRef(),
                            workstation);
                    LedgerEntry first = Ticket.open(opened, actor, now);
                    Ticket ticket = Ticket.replay(List.of(first));
                    return categories
                            .requireActive(request.category())
                            .then(store.insert(tenant, ticket, first, requestId))
                            .thenReturn(ticket);
                }))
                .doOnSuccess(t -> relay.touched(tenant.value()));
    }

    /** The call a user is on while opening a ticket (screen pop → ticket): linked at intake without being named. */
    private Mono<List<CallId>> callsDuring(Actor actor, Instant at) {
        TicketCalls known = calls.getIfAvailable();
        if (known == null || actor.kind() != Actor.Kind.CENTRE || !actor.id().startsWith("user:")) {
            return Mono.just(List.of());
        }
        return known.during(actor.id(), at).collectList();
    }

    /**
     * Applies {@code command} to the ticket as {@code actor}.
     *
     * @param expectedVersion when given, the version the caller saw; another one is 409 CONFLICT
     */
    public Mono<Ticket> handle(
            TenantContext context,
            UUID id,
            TicketCommand command,
            Actor actor,
            @Nullable Integer expectedVersion,
            @Nullable String requestId) {
        return handle(context, id, command, actor, expectedVersion, requestId, (ticket, entry) -> Mono.empty());
    }

    /**
     * Like {@link #handle(TenantContext, UUID, TicketCommand, Actor, Integer, String)}, and runs {@code alongside}
     * with the new state and its ledger entry in the same transaction (e.g. an attachment's metadata row): the step
     * and what goes with it commit together or not at all.
     */
    public Mono<Ticket> handle(
            TenantContext context,
            UUID id,
            TicketCommand command,
            Actor actor,
            @Nullable Integer expectedVersion,
            @Nullable String requestId,
            java.util.function.BiFunction<Ticket, LedgerEntry, Mono<Void>> alongside) {
        TenantId tenant = tenantOf(context);
        return checkUnits(tenant, command)
                .then(tx.run(
                        context,
                        load(id).flatMap(before -> {
                                    if (expectedVersion != null && expectedVersion != before.version()) {
                                        return Mono.error(stale(before, expectedVersion));
                                    }
                                    if (command instanceof TicketCommand.DispatchSecondLevel second) {
                                        return checkSecondLevel(tenant, before, second)
                                                .thenReturn(before);
                                    }
                                    return Mono.just(before);
                                })
                                .flatMap(before -> {
                                    LedgerEntry entry = before.decide(command, actor, clock.instant());
                                    Ticket after = before.apply(entry);
                                    return store.save(tenant, before, after, entry, requestId)
                                            .then(alongside.apply(after, entry))
                                            .thenReturn(after);
                                })))
                .doOnSuccess(t -> relay.touched(tenant.value()));
    }

    /**
     * 并单: {@code duplicate} is merged into {@code target}; both steps commit together or not at all.
     */
    public Mono<Ticket> merge(
            TenantContext context, UUID duplicate, UUID target, String note, Actor actor, @Nullable String requestId) {
        TenantId tenant = tenantOf(context);
        return tx.run(context, Mono.zip(load(duplicate), load(target)).flatMap(pair -> {
                    Ticket dup = pair.getT1();
                    Ticket into = pair.getT2();
                    LedgerEntry merged =
                            dup.decide(new TicketCommand.MergeInto(into.id(), note), actor, clock.instant());
                    LedgerEntry absorbed =
                            into.decide(new TicketCommand.AbsorbDuplicate(dup.id()), actor, clock.instant());
                    Ticket dupAfter = dup.apply(merged);
                    Ticket intoAfter = into.apply(absorbed);
                    return store.save(tenant, dup, dupAfter, merged, requestId)
                            .then(store.save(tenant, into, intoAfter, absorbed, requestId))
                            .thenReturn(intoAfter);
                }))
                .doOnSuccess(t -> relay.touched(tenant.value()));
    }

    /** The ticket, if the context may see it. */
    public Mono<Ticket> find(TenantContext context, UUID id) {
        return tx.run(context, load(id));
    }

    /** The case file (一案一档): every step in order. */
    public Mono<List<LedgerEntry>> ledger(TenantContext context, UUID id) {
        TenantId tenant = tenantOf(context);
        return tx.run(context, load(id).then(store.ledger(tenant, id)));
    }

    /** Ids of the tenant's tickets that are still open (for the SLA scan), oldest first. */
    public reactor.core.publisher.Flux<UUID> openTickets(TenantContext context) {
        return tx.run(context, store.openTickets());
    }

    private Mono<Ticket> load(UUID id) {
        return store.load(id)
                .switchIfEmpty(Mono.error(() -> new ProblemException(ProblemCode.NOT_FOUND, "No ticket " + id + ".")));
    }

    /** Units named by a command must exist in the tenant's tree and be active. */
    private Mono<Void> checkUnits(TenantId tenant, TicketCommand command) {
        List<UnitCode> named =
                switch (command) {
                    case TicketCommand.Dispatch d -> {
                        List<UnitCode> all = new java.util.ArrayList<>(d.coUnits());
                        all.addFirst(d.mainUnit());
                        yield all;
                    }
                    case TicketCommand.Transfer t -> List.of(t.toUnit());
                    case TicketCommand.DispatchSecondLevel s -> List.of(s.subUnit());
                    default -> List.of();
                };
        if (named.isEmpty()) {
            return Mono.empty();
        }
        return directory.units(tenant).flatMap(units -> {
            for (UnitCode code : named) {
                Optional<HandlingUnit> unit = units.stream()
                        .filter(u -> u.code().equals(code.value()))
                        .findFirst();
                if (unit.isEmpty() || !unit.get().active()) {
                    return Mono.error(new ProblemException(
                            ProblemCode.VALIDATION_FAILED,
                            "unit '" + code + "' is no active handling unit of this tenant",
                            Map.of("field", "unit", "unit", code.value())));
                }
            }
            return Mono.empty();
        });
    }

    /** A second-level unit must hang under the main unit in the tenant's tree. */
    private Mono<Void> checkSecondLevel(TenantId tenant, Ticket ticket, TicketCommand.DispatchSecondLevel second) {
        return directory.unit(tenant, second.subUnit().value()).flatMap(unit -> {
            UnitCode main = ticket.mainUnit();
            if (unit.isEmpty()
                    || main == null
                    || !main.value().equals(unit.get().parentCode())) {
                return Mono.error(new ProblemException(
                        ProblemCode.VALIDATION_FAILED,
                        "unit '" + second.subUnit() + "' is not a second-level unit under the main unit " + main,
                        Map.of("field", "subUnit")));
            }
            return Mono.empty();
        });
    }

    private static ProblemException stale(Ticket ticket, int expected) {
        return new ProblemException(
                ProblemCode.CONFLICT,
                "Ticket " + ticket.id() + " is at version " + ticket.version() + ", not " + expected
                        + "; reload it and try again.",
                Map.of("expectedVersion", expected, "currentVersion", ticket.version()));
    }

    private static TenantId tenantOf(TenantContext context) {
        if (context instanceof TenantContext.Tenant t) {
            return t.tenant();
        }
        throw new ProblemException(ProblemCode.TENANT_REQUIRED, "Tickets belong to a tenant; none is bound.");
    }
}

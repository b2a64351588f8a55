package cn.hotline.ticket.ticket;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.ticket.ticket.domain.Actor;
import cn.hotline.ticket.ticket.domain.Ticket;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Intake for channels that are not a signed-in person: the city 12345 platform's pushed tickets (package {@code
 * city}), and later WeChat / app gateways. Idempotent on {@link NewTicket#externalRef()}: the same external ticket
 * pushed twice yields the ticket created the first time ({@link Created#created()} false), never a second one.
 *
 * <p>Contract for the city exchange: call {@link #create(TenantId, NewTicket, String)} with {@code channel =
 * CITY_PLATFORM} and the city's ticket number as {@code externalRef}; learn about sign-for / progress / reply / close
 * from the ticket events on {@code persistent://<tenant>/tickets/ticket-events} ({@link TicketEventMessage}: {@code
 * TicketSignedFor}, {@code NoteAdded}, {@code TicketReplied}, {@code TicketClosed} …, each with {@code externalRef});
 * apply the city's urges with {@link TicketManagement#handle} and {@code TicketCommand.Urge} as {@code Actor.city}.
 */
@Component
public final class TicketIntake {

    private final TicketManagement tickets;
    private final TicketTransactions tx;
    private final DatabaseClient db;

    TicketIntake(TicketManagement tickets, TicketTransactions tx, DatabaseClient db) {
        this.tickets = tickets;
        this.tx = tx;
        this.db = db;
    }

    /** What intake did. */
    public record Created(Ticket ticket, boolean created) {}

    /**
     * Opens the ticket, or returns the one already opened for the same {@code externalRef}.
     *
     * @param client the channel's client id, recorded as the actor ({@code city:<client>})
     */
    public Mono<Created> create(TenantId tenant, NewTicket request, String client) {
        TenantContext context = TenantContext.of(tenant);
        Actor actor = Actor.city(client);
        String ref = request.externalRef();
        if (ref == null) {
            return tickets.open(context, request, actor, null).map(t -> new Created(t, true));
        }
        return existing(context, ref)
                .switchIfEmpty(tickets.open(context, request, actor, null)
                        .map(t -> new Created(t, true))
                        // Two pushes racing: the loser's insert hits the unique external reference; answer with the
                        // winner's ticket.
                        .onErrorResume(
                                cn.hotline.kernel.problem.ProblemException.class,
                                e -> e.code() == cn.hotline.kernel.problem.ProblemCode.CONFLICT
                                        ? existing(context, ref)
                                        : Mono.error(e)));
    }

    /** The tenant's ticket opened for the city's {@code externalRef}, if any (for status queries and urges). */
    public Mono<Ticket> findByExternalRef(TenantId tenant, String externalRef) {
        return existing(TenantContext.of(tenant), externalRef).map(Created::ticket);
    }

    private Mono<Created> existing(TenantContext context, String ref) {
        Mono<@Nullable UUID> id = tx.run(
                context,
                db.sql("SELECT id FROM ticket WHERE external_ref = :r")
                        .bind("r", ref)
                        .map(row -> Objects.requireNonNull(row.get("id", UUID.class)))
                        .one());
        return id.flatMap(found -> tickets.find(context, found)).map(t -> new Created(t, false));
    }
}

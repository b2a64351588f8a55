package cn.hotline.ticket.city;

import cn.hotline.kernel.id.TenantId;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * Where the city's pushes land in the ticket aggregate. Each call runs inside the transaction that records the
 * webhook's receipt (the tenant is bound), so an intake that fails leaves neither the receipt nor any half of its
 * effect behind; implementations must use the same R2DBC connection factory and not open a transaction of their own.
 */
public interface CityTicketIntake {

    /** Creates a ticket from a city transfer, or finds the one already made for this city number. */
    Mono<Intake> accept(TenantId tenant, CityTicket ticket);

    /** Applies an urge (催办) to the ticket made for this city number. */
    Mono<Urge> urge(TenantId tenant, CityUrge urge);

    /** Answers the city's status query for one of its numbers. */
    Mono<Status> status(TenantId tenant, String cityTicketNo);

    /** The outcome of a transfer. */
    sealed interface Intake {
        UUID ticketId();

        record Accepted(UUID ticketId) implements Intake {}

        /** The city sent this number before (under another webhook id): nothing new was made. */
        record AlreadyKnown(UUID ticketId) implements Intake {}
    }

    /** The outcome of an urge. */
    sealed interface Urge {
        record Urged(UUID ticketId, int urges) implements Urge {}

        record UnknownTicket(String cityTicketNo) implements Urge {}
    }

    /** The outcome of a status query. */
    sealed interface Status {
        record Known(UUID ticketId, String state, int urges, java.time.Instant updatedAt) implements Status {}

        record UnknownTicket(String cityTicketNo) implements Status {}
    }
}

package cn.hotline.ticket.ticket;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.ticket.ticket.domain.LedgerEntry;
import cn.hotline.ticket.ticket.domain.Ticket;
import reactor.core.publisher.Mono;

/**
 * Told of every ledger entry inside the transaction that appends it, so that work which must happen exactly when the
 * change commits (e.g. the city exchange's outbox) commits or rolls back with it. Must use the same R2DBC connection
 * factory and never open a transaction of its own; a failure rolls the change back.
 */
public interface TicketChangeListener {

    Mono<Void> changed(TenantId tenant, Ticket after, LedgerEntry entry);
}

package cn.hotline.ticket.ticket;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.tenancy.TenantContext;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * What the ticket core asks of the calls it links (implemented by the {@code calls} package from call-cloud's call
 * events): which call a user is on while opening a ticket, and what is known of the calls a ticket shows.
 */
public interface TicketCalls {

    /**
     * The calls {@code actorId} ({@code user:<sub>}) is on at {@code at}: answered by them and not ended longer than
     * the wrap-up ago. Runs inside the caller's transaction (tenant bound).
     */
    Flux<CallId> during(String actorId, Instant at);

    /** Who answered each of {@code calls}, when, when it ended, where its recording is kept; unknown calls are absent. */
    Flux<TicketView.CallView> describe(TenantContext context, List<CallId> calls);
}

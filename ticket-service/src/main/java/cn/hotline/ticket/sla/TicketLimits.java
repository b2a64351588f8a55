package cn.hotline.ticket.sla;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.ticket.directory.TenantDirectory;
import cn.hotline.ticket.sla.domain.LimitState;
import cn.hotline.ticket.sla.domain.SlaClock;
import cn.hotline.ticket.ticket.TicketManagement;
import cn.hotline.ticket.ticket.TicketTransactions;
import cn.hotline.ticket.ticket.domain.LedgerEntry;
import cn.hotline.ticket.ticket.domain.TicketEvent.TicketOpened;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The limits of one ticket now: its ledger, its category's policy and the tenant's calendar. */
@Component
public final class TicketLimits {

    private final TicketManagement tickets;
    private final TicketTransactions tx;
    private final SlaPolicies policies;
    private final TenantDirectory directory;
    private final Clock clock;

    TicketLimits(
            TicketManagement tickets,
            TicketTransactions tx,
            SlaPolicies policies,
            TenantDirectory directory,
            ObjectProvider<Clock> clock) {
        this.tickets = tickets;
        this.tx = tx;
        this.policies = policies;
        this.directory = directory;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** The ticket's ledger and its limits at this instant. */
    public record Evaluation(List<LedgerEntry> ledger, List<LimitState> limits, Instant at) {}

    public Mono<Evaluation> evaluate(TenantContext context, TenantId tenant, UUID id) {
        return tickets.ledger(context, id).flatMap(ledger -> evaluate(context, tenant, ledger));
    }

    public Mono<Evaluation> evaluate(TenantContext context, TenantId tenant, List<LedgerEntry> ledger) {
        TicketOpened opened = (TicketOpened) ledger.getFirst().event();
        return Mono.zip(
                        tx.run(TenantContext.of(tenant), policies.forCategory(opened.category())),
                        directory.calendar(tenant).map(SlaPolicies::calendar))
                .map(pc -> {
                    Instant now = clock.instant();
                    return new Evaluation(ledger, SlaClock.evaluate(ledger, pc.getT2(), pc.getT1(), now), now);
                });
    }
}

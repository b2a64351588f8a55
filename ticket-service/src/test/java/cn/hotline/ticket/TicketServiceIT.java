package cn.hotline.ticket;

import cn.hotline.kernel.testing.ReactiveServiceContract;
import cn.hotline.ticket.testing.TicketServiceTest;
import java.util.List;

@TicketServiceTest
class TicketServiceIT extends ReactiveServiceContract {

    @Override
    protected List<String> expectedChecks() {
        return List.of("postgresql", "pulsar", "redis");
    }

    @Override
    protected List<String> platformTables() {
        // No personal data: which tenants have ticket data (for cross-tenant jobs), and the relay's lease.
        return List.of("ticket_tenant", "ticket_relay_lease");
    }

    @Override
    protected String database() {
        return "cc_ticket";
    }
}

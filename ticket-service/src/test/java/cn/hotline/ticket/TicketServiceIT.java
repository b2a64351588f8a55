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

    /** Platform registries of ticket-service (no tenant's data). */
    @Override
    protected List<String> platformTables() {
        // city package: the slugs of tenants taking part in the city exchange, so the relay and worker visit them
        return List.of("city_exchange_tenant");
    }
}

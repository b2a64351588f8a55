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

    /** Platform registries of ticket-service: no tenant's data, no personal data. */
    @Override
    protected List<String> platformTables() {
        // tickets: which tenants have ticket data (for cross-tenant jobs), and the relay's lease;
        // city package: the slugs of tenants taking part in the city exchange, so the relay and worker visit them
        return List.of("ticket_tenant", "ticket_relay_lease", "city_exchange_tenant");
    }

    @Override
    protected String database() {
        return "cc_ticket";
    }
}

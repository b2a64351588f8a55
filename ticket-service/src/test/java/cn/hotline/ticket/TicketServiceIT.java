package cn.hotline.ticket;

import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.testing.ReactiveServiceContract;
import java.util.List;
import org.springframework.boot.test.context.SpringBootTest;

@RealServers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TicketServiceIT extends ReactiveServiceContract {

    @Override
    protected List<String> expectedChecks() {
        return List.of("postgresql", "pulsar");
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

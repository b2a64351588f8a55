package cn.hotline.tenant;

import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.testing.ReactiveServiceContract;
import java.util.List;
import org.springframework.boot.test.context.SpringBootTest;

@RealServers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TenantServiceIT extends ReactiveServiceContract {

    @Override
    protected List<String> expectedChecks() {
        return List.of("postgresql", "pulsar", "redis");
    }

    @Override
    protected String database() {
        return "cc_tenant";
    }

    /** Platform registries of tenant-service (no tenant's citizen data; the operator manages them). */
    @Override
    protected List<String> platformTables() {
        return List.of(
                "flyway_schema_history",
                "tenant",
                "provisioning_step",
                "tenant_quota",
                "audit_entry",
                "support_grant",
                "tenant_event_outbox",
                "event_relay_lease");
    }
}

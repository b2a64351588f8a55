package cn.hotline.workforce;

import cn.hotline.kernel.testing.ReactiveServiceContract;
import cn.hotline.workforce.testing.WorkforceServiceTest;
import java.util.List;

@WorkforceServiceTest
class WorkforceServiceIT extends ReactiveServiceContract {

    @Override
    protected List<String> expectedChecks() {
        return List.of("postgresql", "pulsar", "redis", "storage");
    }

    @Override
    protected String database() {
        return "cc_workforce";
    }

    @Override
    protected List<String> platformTables() {
        // messaging_tenant (V50): which tenants use SMS, announcements or training — slugs only, for cross-tenant jobs
        return List.of("messaging_tenant");
    }
}

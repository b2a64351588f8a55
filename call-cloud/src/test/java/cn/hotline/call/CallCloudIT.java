package cn.hotline.call;

import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.testing.ReactiveServiceContract;
import java.util.List;
import org.springframework.boot.test.context.SpringBootTest;

@RealServers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CallCloudIT extends ReactiveServiceContract {

    @Override
    protected List<String> expectedChecks() {
        return List.of("postgresql", "pulsar", "redis", "storage", "media-server");
    }

    @Override
    protected String database() {
        return "cc_call";
    }

    /**
     * {@code platform_blacklist}: the operator's platform-wide list of blocked callers (numbers with reason and
     * expiry), read by every tenant's admission check; it holds no tenant's data (V10__blacklist.sql).
     */
    @Override
    protected List<String> platformTables() {
        return List.of("platform_blacklist");
    }
}

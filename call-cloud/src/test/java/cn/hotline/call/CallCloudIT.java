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
}

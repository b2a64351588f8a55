package cn.hotline.call.support;

import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import java.time.Duration;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A WebTestClient on the service under test, and tokens of fresh tenants. */
public final class Http {

    private Http() {}

    public static WebTestClient client(int port) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60))
                .build();
    }

    public static String freshTenant(String prefix) {
        return prefix + "-" + Uuids.v7().toString().substring(24);
    }

    public static String admin(String tenant) {
        return TestTokens.user(tenant, Role.TENANT_ADMIN);
    }

    public static String agent(String tenant) {
        return TestTokens.user(tenant, Role.AGENT);
    }
}

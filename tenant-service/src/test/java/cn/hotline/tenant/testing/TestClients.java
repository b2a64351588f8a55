package cn.hotline.tenant.testing;

import cn.hotline.kernel.testing.TestTokens;
import java.time.Duration;
import org.springframework.test.web.reactive.server.WebTestClient;

/** HTTP clients of the service under test, as the operator, as another service, or with a given token. */
public final class TestClients {

    private TestClients() {}

    public static WebTestClient anonymous(int port) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60))
                .build();
    }

    public static WebTestClient bearer(int port, String token) {
        return anonymous(port)
                .mutate()
                .defaultHeaders(h -> h.setBearerAuth(token))
                .build();
    }

    public static WebTestClient operator(int port) {
        return bearer(port, TestTokens.operator());
    }

    /** Another service calling {@code /internal/**}. */
    public static WebTestClient internal(int port) {
        return anonymous(port)
                .mutate()
                .defaultHeader("X-Internal-Token", TestTokens.INTERNAL_TOKEN)
                .build();
    }
}

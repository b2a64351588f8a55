package cn.hotline.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuthServerIT {

    @LocalServerPort
    private int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsOpenForProbesAndCarriesTheRequestId() throws Exception {
        HttpResponse<String> health = get("/actuator/health", "X-Request-Id", "auth-test-0001");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        assertThat(health.headers().firstValue("X-Request-Id")).contains("auth-test-0001");
    }

    @Test
    void eachTenantHasItsOwnIssuer() throws Exception {
        HttpResponse<String> discovery = get("/t/shushan/.well-known/openid-configuration");

        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(discovery.body()).contains("\"issuer\":\"http://127.0.0.1:" + port + "/t/shushan\"");
    }

    @Test
    void everythingElseNeedsASignedInUser() throws Exception {
        HttpResponse<String> page = get("/anything", "Accept", "text/html");

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }
}

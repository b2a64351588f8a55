package cn.hotline.kernel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.test.TestStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What every reactive service promises, proven against the running application and its real
 * servers: health, live diagnostics of each dependency, problem details with stable codes, request
 * ids. A service's {@code *IT} extends this and is a {@code @SpringBootTest(webEnvironment =
 * RANDOM_PORT)} with {@code @RealServers}.
 */
public abstract class ReactiveServiceContract {

    @LocalServerPort
    private int port;

    protected WebTestClient http;

    /** The diagnostic checks this service must report as UP. */
    protected abstract List<String> expectedChecks();

    /** The service's own PostgreSQL database (e.g. {@code cc_tenant}), linted after its migrations ran. */
    protected abstract String database();

    /**
     * Tables the service's role may read although they carry no {@code tenant_id}: platform registries
     * holding no tenant's data. Each is a reviewed decision (ADR 0002 §5).
     */
    protected List<String> platformTables() {
        return List.of();
    }

    @Test
    void everyTenantTableIsIsolatedByForcedRowLevelSecurity() {
        RowLevelSecurityLint.of(TestStack.endpoints(), database())
                .platformTables(platformTables().toArray(String[]::new))
                .assertClean();
    }

    @BeforeEach
    void connect() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    @Test
    void reportsHealthUp() {
        http.get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP");
    }

    @Test
    @SuppressWarnings("unchecked")
    void diagnosticsExerciseEveryRealDependency() {
        var result =
                http.get().uri("/diagnostics").exchange().expectBody(Map.class).returnResult();
        Map<String, Object> report = result.getResponseBody();

        assertThat(result.getStatus().value())
                .as("diagnostics answered %s", report)
                .isEqualTo(200);
        assertThat(report).containsEntry("status", "UP");
        List<Map<String, Object>> checks = (List<Map<String, Object>>) report.get("checks");
        assertThat(checks).extracting(c -> c.get("name")).containsAll(expectedChecks());
        assertThat(checks).allSatisfy(c -> assertThat(c.get("status")).isEqualTo("UP"));
    }

    @Test
    void unknownPathIsAProblemDetailWithAStableCode() {
        http.get()
                .uri("/no-such-thing")
                .header("X-Request-Id", "contract-test-0001")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals("X-Request-Id", "contract-test-0001")
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("NOT_FOUND")
                .jsonPath("$.status")
                .isEqualTo(404)
                .jsonPath("$.type")
                .isEqualTo("/problems/not-found")
                .jsonPath("$.requestId")
                .isEqualTo("contract-test-0001");
    }

    @Test
    void unsafeRequestIdIsReplacedNotEchoed() {
        String echoed = http.get()
                .uri("/actuator/health")
                .header("X-Request-Id", "<script>")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseHeaders()
                .getFirst("X-Request-Id");

        assertThat(echoed).isNotNull().doesNotContain("<").hasSize(36);
    }
}

package cn.hotline.ticket.directory;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.ticket.testing.TestClock;
import cn.hotline.ticket.testing.Tickets;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * ticket-service against the real tenant-service (its executable jar in its own JVM, on the same devstack) instead of
 * the contract stub the other ITs use: dispatch checks units against the real unit tree (active units only, second
 * level under the main unit), and the calendar comes from the real service. Units are written straight into
 * tenant-service's database (cc_tenant), as its own API would store them; creating them through its API would need a
 * provisioned tenant with roles, which is tenant-service's own test subject.
 */
@RealServers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = {TestTokens.Initializer.class, RealTenantServiceIT.Initializer.class})
@Import(TestClock.Config.class)
class RealTenantServiceIT {

    private static Process tenantService;
    private static Path log;

    @LocalServerPort
    int port;

    @Autowired
    TenantDirectory directory;

    WebTestClient http;

    /** Starts tenant-service once for this class's context and points {@code cc.ticket.directory.base-url} at it. */
    static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            int port = freePort();
            try {
                start(port);
            } catch (Exception e) {
                throw new IllegalStateException("tenant-service did not start: " + tail(), e);
            }
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "real-tenant-service",
                            Map.of(
                                    "cc.ticket.directory.base-url",
                                    "http://127.0.0.1:" + port,
                                    "cc.ticket.directory.cache-for",
                                    "0s")));
        }
    }

    static void start(int port) throws Exception {
        Path jar = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("tenant-service") && entry.endsWith("-exec.jar"))
                .map(Path::of)
                .findFirst()
                .orElseThrow(
                        () -> new IllegalStateException(
                                "tenant-service's exec jar is not on the test classpath: ./mvnw -o install -pl tenant-service"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--cc.tenant.events.relay-enabled=false",
                "--cc.tenant.demo.enabled=false",
                "--cc.crypto.personal-data.current-version=1",
                "--cc.crypto.personal-data.sealing-keys.1=Bc8YpPq0QIfX0m7c6S3rAw==",
                "--cc.crypto.personal-data.index-key=ZGV2LWluZGV4LWtleS1ub3QtZm9yLXByb2R1Y3Rpb24tMDEyMzQ1Njc4OQ=="));
        TestTokens.properties().forEach((key, value) -> command.add("--" + key + "=" + value));
        log = Files.createTempFile("tenant-service-", ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(TestStack.endpoints().toMap());
        tenantService = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> tenantService.destroyForcibly()));
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!tenantService.isAlive()) {
                throw new IllegalStateException("tenant-service exited");
            }
            try {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("UP")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("tenant-service not healthy in 180 s");
    }

    static String tail() {
        try {
            List<String> lines = log == null ? List.of() : Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopTenantService() throws InterruptedException {
        if (tenantService != null) {
            tenantService.destroy();
            tenantService.waitFor();
        }
    }

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60))
                .build();
    }

    /** Units as tenant-service stores them (its own API's rows), written as the database superuser. */
    static void unit(String tenant, String code, String name, String level, String parent, boolean active)
            throws Exception {
        StackEndpoints stack = TestStack.endpoints();
        try (Connection c = DriverManager.getConnection(
                        stack.jdbcUrl("cc_tenant"), stack.pgSuperuser(), stack.pgSuperpassword());
                PreparedStatement insert = c.prepareStatement("INSERT INTO handling_unit (tenant_id, code, name, level,"
                        + " parent_code, active) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, tenant);
            insert.setString(2, code);
            insert.setString(3, name);
            insert.setString(4, level);
            insert.setString(5, parent);
            insert.setBoolean(6, active);
            insert.executeUpdate();
        }
    }

    @Test
    void dispatchChecksUnitsAgainstTheRealUnitTreeAndTheCalendarComesFromTenantService() throws Exception {
        Tickets t = new Tickets(http);
        unit(t.tenant, "real-main", "真实主办单位", "DISTRICT", null, true);
        unit(t.tenant, "real-sub", "真实二级单位", "SECOND_LEVEL", "real-main", true);
        unit(t.tenant, "real-closed", "已撤销单位", "CITY_MEMBER", null, false);

        String id = t.open();
        assertThat(t.ok(t.clerk, id, "dispatch", Map.of("unit", "real-main", "text", "交办"))
                        .path("mainUnit")
                        .stringValue())
                .isEqualTo("real-main");
        String main = t.unitUser("real-main");
        t.ok(main, id, "sign-for", Map.of());
        assertThat(t.ok(main, id, "second-level", Map.of("unit", "real-sub", "text", "请街道核实"))
                        .toString())
                .contains("real-sub");

        String other = t.open();
        for (String unknown : List.of("real-closed", "qingxiu-jtj")) {
            JsonNode refused = t.step(t.clerk, other, "dispatch", Map.of("unit", unknown, "text", "交办"))
                    .expectStatus()
                    .isBadRequest()
                    .expectBody(JsonNode.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(refused.path("code").stringValue()).isEqualTo("VALIDATION_FAILED");
            assertThat(refused.path("unit").stringValue()).isEqualTo(unknown);
        }

        var calendar = directory.calendar(TenantId.of(t.tenant)).block(Duration.ofSeconds(30));
        assertThat(calendar).isNotNull();
        assertThat(calendar.zone()).isNotBlank();
        assertThat(directory.units(TenantId.of(t.tenant)).block(Duration.ofSeconds(30)))
                .extracting(HandlingUnit::code)
                .containsExactlyInAnyOrder("real-main", "real-sub", "real-closed");
    }
}

package cn.hotline.e2e;

import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Starts the platform exactly as {@code ./run} does — the devstack launcher's {@code platform}
 * command, in its own process, with its own servers — then goes through the gateway to every
 * service and, through them, to PostgreSQL, Redis, Pulsar, the S3 store and the media server.
 * Finally it interrupts the launcher as Ctrl-C would and checks that nothing is left running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunCommandIT {

    private static final Duration START_LIMIT = Duration.ofMinutes(6);
    /** The password of every demo account (tenant-service/README.md). */
    private static final String DEMO_PASSWORD = "Demo@12345";

    @TempDir
    static Path runDir;

    private static Process launcher;
    private static URI gateway;
    private static Properties platform;
    private static int gatewayPort;
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startPlatform() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path jar;
        try (Stream<Path> jars = Files.list(root.resolve("devstack/target"))) {
            jar = jars.filter(p -> p.getFileName().toString().matches("devstack-.*-exec\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("devstack exec jar not built"));
        }
        gatewayPort = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        // env --default-signal=INT: a build started in the background (CI, `./test &`) passes an ignored
        // SIGINT down to its children, and a JVM that starts with SIGINT ignored never reacts to it. A
        // person pressing Ctrl-C runs ./run in the foreground, where SIGINT is delivered: reproduce that.
        launcher = new ProcessBuilder(
                        "env",
                        "--default-signal=INT",
                        java,
                        "-jar",
                        jar.toString(),
                        "platform",
                        "--root",
                        root.toString(),
                        "--gateway-port",
                        Integer.toString(gatewayPort),
                        "--run-dir",
                        runDir.toString())
                .redirectErrorStream(true)
                .redirectOutput(runDir.resolve("launcher.log").toFile())
                .start();

        Path platformEnv = runDir.resolve("platform.env");
        Instant deadline = Instant.now().plus(START_LIMIT);
        while (!Files.exists(platformEnv)) {
            if (!launcher.isAlive()) {
                throw new IllegalStateException("launcher exited with " + launcher.exitValue() + ":\n" + launcherLog());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("platform not ready after " + START_LIMIT + ":\n" + launcherLog());
            }
            Thread.sleep(500);
        }
        Properties env = new Properties();
        try (var in = Files.newBufferedReader(platformEnv)) {
            env.load(in);
        }
        gateway = URI.create(env.getProperty("CC_GATEWAY_URL"));
        platform = env;
        awaitDemoTenantsActive(deadline);
    }

    /**
     * The services answer before tenant-service has finished provisioning the demo tenants (it does so in the
     * background at start-up); a tenant's issuer answers once the tenant is active, so wait for the three.
     */
    private static void awaitDemoTenantsActive(Instant deadline) throws Exception {
        for (String tenant : List.of("shushan", "xuzhou-yb", "nanning")) {
            URI issuer = gateway.resolve("/api/auth/t/" + tenant + "/.well-known/openid-configuration");
            while (get(issuer).statusCode() != 200) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(
                            "demo tenant " + tenant + " not active after " + START_LIMIT + ":\n" + launcherLog());
                }
                Thread.sleep(1000);
            }
        }
    }

    @AfterAll
    static void stopIfStillRunning() {
        keepLogs();
        if (chromium != null) {
            chromium.close();
        }
        if (launcher != null && launcher.isAlive()) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    /** The platform's logs outlive the temporary run folder, in {@code target/e2e-logs}: artefacts of the run. */
    private static void keepLogs() {
        Path logs = runDir.resolve("logs");
        Path kept = Path.of("target", "e2e-logs");
        try (Stream<Path> files = Files.exists(logs) ? Files.list(logs) : Stream.empty()) {
            Files.createDirectories(kept);
            Files.copy(runDir.resolve("launcher.log"), kept.resolve("launcher.log"), REPLACE_EXISTING);
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, kept.resolve(file.getFileName()), REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("could not keep the platform's logs: " + e);
        }
    }

    private static String launcherLog() {
        try {
            List<String> lines = Files.readAllLines(runDir.resolve("launcher.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no launcher log: " + e + ")";
        }
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(gateway.resolve(path))
                        .timeout(Duration.ofSeconds(60))
                        .header("X-Request-Id", "e2e-" + path.hashCode() + "-check")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void gatewayIsHealthyAndServesTheConsole() throws Exception {
        assertThat(get("/actuator/health").body()).contains("\"status\":\"UP\"");

        HttpResponse<String> console = get("/");
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("<meta name=\"renderer\" content=\"webkit\"");
    }

    @ParameterizedTest(name = "{0} reaches {1}")
    @Order(2)
    @CsvSource({
        "tenant, 'postgresql,pulsar'",
        "ticket, 'postgresql,pulsar'",
        "call, 'postgresql,pulsar,redis,storage,media-server'"
    })
    void everyServiceReachesItsRealServersThroughTheGateway(String service, String checks) throws Exception {
        HttpResponse<String> diagnostics = get("/api/" + service + "/diagnostics");

        assertThat(diagnostics.statusCode()).as(diagnostics.body()).isEqualTo(200);
        assertThat(diagnostics.body()).contains("\"status\":\"UP\"").doesNotContain("\"DOWN\"");
        for (String check : checks.split(",")) {
            assertThat(diagnostics.body()).contains("\"name\":\"" + check + "\"");
        }
        assertThat(diagnostics.headers().firstValue("X-Request-Id"))
                .contains("e2e-" + ("/api/" + service + "/diagnostics").hashCode() + "-check");
    }

    @Test
    @Order(3)
    void authServerAnswersThroughTheGateway() throws Exception {
        HttpResponse<String> health = get("/api/auth/actuator/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Test
    @Order(4)
    void unknownRouteIsAProblemDetail() throws Exception {
        HttpResponse<String> missing = get("/api/nope/anything");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
        assertThat(missing.body()).contains("\"code\":\"NOT_FOUND\"");
    }

    @Test
    @Order(10)
    void anAgentSignsInToTheConsoleWithPkceAndCallsItsTenantsApi() throws Exception {
        SigningInBrowser browser = new SigningInBrowser(gateway);

        HttpResponse<String> landed = browser.signIn("shushan", "agent01", DEMO_PASSWORD);

        assertThat(landed.statusCode())
                .as("back on the console after signing in: %s", browser.hops)
                .isEqualTo(200);
        URI authorize = browser.hops.stream()
                .filter(u -> u.getPath().endsWith("/t/shushan/oauth2/authorize"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no authorization request in " + browser.hops));
        assertThat(authorize.getQuery())
                .contains("client_id=console-bff")
                .contains("code_challenge=")
                .contains("code_challenge_method=S256");
        assertThat(browser.hops).anySatisfy(u -> assertThat(u.getPath()).isEqualTo("/login/oauth2/code/shushan"));
        assertThat(browser.gatewayCookies)
                .as("the browser holds a session cookie, never a token")
                .anySatisfy(c -> assertThat(c)
                        .startsWith("CC_SESSION=")
                        .containsIgnoringCase("HttpOnly")
                        .containsIgnoringCase("SameSite=Lax"))
                .noneSatisfy(c -> assertThat(c).contains("eyJ"));

        HttpResponse<String> me = browser.get("/api/me");
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(me.body()).contains("\"tenant\":\"shushan\"").contains("AGENT");
        HttpResponse<String> calendar = browser.get("/api/tenant/tenants/shushan/calendar");
        assertThat(calendar.statusCode()).as(calendar.body()).isEqualTo(200);
        HttpResponse<String> foreign = browser.get("/api/tenant/tenants/nanning/calendar");
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(404);
    }

    @Test
    @Order(11)
    void theOperatorProvisionsATenantThroughTheGatewayAndItsAdminSignsIn() throws Exception {
        SigningInBrowser operator = new SigningInBrowser(gateway);
        assertThat(operator.signIn("platform", "operator", DEMO_PASSWORD).statusCode())
                .as("%s", operator.hops)
                .isEqualTo(200);
        String slug = "e2e-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String spec =
                """
                {"slug": "%s", "name": "端到端测试区", "kind": "DISTRICT", "hotlineNumbers": ["12345"],
                 "workstations": [],
                 "admin": {"username": "admin", "displayName": "管理员", "initialPassword": "e2e-Initial-Secret-1"},
                 "quotas": {"seats": 5, "concurrentCalls": 5, "recordingStorageMb": 1024, "apiRequestsPerSecond": 20}}
                """
                        .formatted(slug);

        HttpResponse<String> created = operator.send("POST", "/api/tenant/platform/tenants", spec);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String status = "";
        for (int i = 0; i < 120 && !status.contains("\"status\":\"ACTIVE\""); i++) {
            status = operator.get("/api/tenant/platform/tenants/" + slug).body();
            Thread.sleep(500);
        }
        assertThat(status).contains("\"status\":\"ACTIVE\"");

        // Its resources exist in the real servers: Pulsar namespaces and the recordings bucket.
        HttpResponse<String> namespaces =
                get(URI.create(platform.getProperty("CC_PULSAR_ADMIN_URL") + "/admin/v2/namespaces/" + slug));
        assertThat(namespaces.body()).contains(slug + "/calls", slug + "/tickets", slug + "/city");
        HttpResponse<Void> bucket = http.send(
                HttpRequest.newBuilder(URI.create(platform.getProperty("CC_S3_ENDPOINT") + "/cc-rec-" + slug))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(bucket.statusCode()).isEqualTo(200);

        // The new tenant's administrator signs in on the tenant's own issuer.
        SigningInBrowser admin = new SigningInBrowser(gateway);
        assertThat(admin.signIn(slug, "admin", "e2e-Initial-Secret-1").statusCode())
                .isEqualTo(200);
        assertThat(admin.get("/api/me").body())
                .contains("\"tenant\":\"" + slug + "\"")
                .contains("TENANT_ADMIN");
        // and the operator's session cannot read the new tenant's directory: the operator is not a tenant user
        assertThat(operator.get("/api/tenant/tenants/" + slug + "/users").statusCode())
                .isEqualTo(404);
    }

    // ---- the console in headless Chromium (Playwright, Debian's chromium; screenshots in target/e2e-screenshots)

    private static ConsoleInChromium chromium;
    /** The tenant the operator provisions through the console, and its administrator's password. */
    private static final String CONSOLE_TENANT = "web-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    private static final String CONSOLE_ADMIN_PASSWORD = "Console-Initial-1";

    private static ConsoleInChromium chromium() {
        if (chromium == null) {
            chromium = new ConsoleInChromium(gateway);
        }
        return chromium;
    }

    @Test
    @Order(20)
    void theOperatorProvisionsATenantInTheConsole() {
        ConsoleJourneys.theOperatorProvisionsATenant(chromium(), CONSOLE_TENANT, CONSOLE_ADMIN_PASSWORD);
    }

    @Test
    @Order(21)
    void theNewTenantsAdminBuildsAndPublishesAnIvrFlow() {
        ConsoleJourneys.theNewTenantsAdminBuildsAndPublishesAnIvrFlow(
                chromium(), CONSOLE_TENANT, CONSOLE_ADMIN_PASSWORD);
    }

    @Test
    @Order(22)
    void anAgentSignsInAndSeesTheAgentDesktop() {
        ConsoleJourneys.anAgentSignsInAndSeesTheAgentDesktop(chromium());
    }

    @Test
    @Order(23)
    void aTicketIsCreatedAndDispatchedToAHandlingUnit() {
        ConsoleJourneys.aTicketIsCreatedAndDispatchedToAHandlingUnit(
                chromium(), CONSOLE_TENANT, CONSOLE_ADMIN_PASSWORD);
    }

    @Test
    @Order(24)
    void aSupervisorSeesTheWallboardPage() {
        ConsoleJourneys.aSupervisorSeesTheWallboardPage(chromium());
    }

    @Test
    @Order(25)
    void aCallFromBaresipIsAnsweredHeldKeyedTicketedTransferredAndConsultedOnTheDesksAndShownOnTheWallboard()
            throws Exception {
        ConsoleJourneys.aBaresipCallIsAnsweredOnTheDeskTicketedDispatchedAndShownOnTheWallboard(
                chromium(),
                platform.getProperty("CC_SIP_EDGE_HOST"),
                Integer.parseInt(platform.getProperty("CC_SIP_EDGE_PORT")),
                runDir.resolve("baresip-call"));
    }

    @Test
    @Order(26)
    void theTenantAdminSeesItsQuotasInUse() {
        ConsoleJourneys.theTenantAdminSeesItsQuotasInUse(chromium(), CONSOLE_TENANT, CONSOLE_ADMIN_PASSWORD);
    }

    @Test
    @Order(27)
    void anAgentOpensKnowledgeAndItsWorkforcePages() {
        ConsoleJourneys.anAgentOpensKnowledgeAndItsWorkforcePages(chromium());
    }

    @Test
    @Order(28)
    void aSupervisorPublishesAnAnnouncementAndOpensSmsAndScheduling() {
        ConsoleJourneys.aSupervisorPublishesAnAnnouncementAndOpensSmsAndScheduling(chromium());
    }

    @Test
    @Order(100)
    void ctrlCStopsEveryProcessItStarted() throws Exception {
        List<ProcessHandle> started = launcher.descendants().toList();
        // five services plus Redis, Pulsar, S3Mock and Janus; PostgreSQL daemonises (pg_ctl), so its
        // port is what proves it stopped
        assertThat(started).as("services and servers run as child processes").hasSizeGreaterThanOrEqualTo(9);
        List<Integer> ports = listeningPorts();
        assertThat(ports).hasSizeGreaterThanOrEqualTo(10).allSatisfy(port -> assertThat(portIsOpen(port))
                .as("port %d open while running", port)
                .isTrue());
        List<Integer> udpPorts = udpPorts();
        assertThat(udpPorts).allSatisfy(port -> assertThat(udpPortIsFree(port))
                .as("UDP port %d held while running", port)
                .isFalse());

        new ProcessBuilder("kill", "-INT", Long.toString(launcher.pid()))
                .start()
                .waitFor();

        assertThat(launcher.waitFor(120, TimeUnit.SECONDS)).as(launcherLog()).isTrue();
        for (ProcessHandle child : started) {
            child.onExit().get(30, TimeUnit.SECONDS);
            assertThat(child.isAlive())
                    .as("pid %d %s", child.pid(), child.info().commandLine())
                    .isFalse();
        }
        assertThat(Files.exists(runDir.resolve("platform.env"))).isFalse();
        assertThat(ports).allSatisfy(port -> assertThat(portIsOpen(port))
                .as("port %d still open after Ctrl-C", port)
                .isFalse());
        // rtpengine's control protocol is UDP: the port can be bound again once rtpengine is gone.
        assertThat(udpPorts).allSatisfy(port -> assertThat(udpPortIsFree(port))
                .as("UDP port %d still held after Ctrl-C", port)
                .isTrue());
    }

    /** Every TCP port the platform listened on: servers and services, from platform.env. */
    private static List<Integer> listeningPorts() {
        return platform.stringPropertyNames().stream()
                .filter(key -> key.endsWith("_PORT") || key.endsWith("_URL") || key.endsWith("_ENDPOINT"))
                .filter(key -> !platform.getProperty(key).startsWith("udp://"))
                .map(key -> key.endsWith("_PORT")
                        ? Integer.parseInt(platform.getProperty(key))
                        : URI.create(platform.getProperty(key)).getPort())
                .filter(port -> port > 0)
                .distinct()
                .sorted()
                .toList();
    }

    /** The UDP-only endpoints the platform published (rtpengine's ng control port). */
    private static List<Integer> udpPorts() {
        return platform.stringPropertyNames().stream()
                .filter(key -> platform.getProperty(key).startsWith("udp://"))
                .map(key -> URI.create(platform.getProperty(key)).getPort())
                .filter(port -> port > 0)
                .distinct()
                .sorted()
                .toList();
    }

    private static boolean udpPortIsFree(int port) {
        try (java.net.DatagramSocket socket =
                new java.net.DatagramSocket(port, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean portIsOpen(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

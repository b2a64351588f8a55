package cn.hotline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform launcher against stand-in services ({@link StandInService}) laid out like the real build: {@code
 * <root>/<svc>/target/<svc>-<version>-exec.jar}. The stack endpoints are made up: the stand-ins never connect.
 */
class PlatformTest {

    private static final String VERSION = "9.9.9-TEST";
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path root;

    @Test
    void startsEveryServiceWithItsPortAndTheStackAndStopsThemAll() throws Exception {
        layOutStandIns();
        Set<Long> before = ownDescendants();
        Platform platform = Platform.prepare(root, VERSION, 0, root.resolve("run"), HEALTH_TIMEOUT);
        List<ProcessHandle> processes;
        try {
            platform.start(StackEndpointsTest.sample());
            processes = platform.processes();
            assertThat(processes).hasSize(7);

            for (Platform.Service service : platform.services()) {
                assertThat(Platform.health(service)).as(service.name()).isPresent();
            }
            Properties gatewayEnv = env(platform.gateway());
            assertThat(gatewayEnv.getProperty("SERVER_PORT"))
                    .isEqualTo(Integer.toString(platform.gateway().port()));
            assertThat(gatewayEnv.getProperty("CC_PG_PORT")).isEqualTo("15432");
            for (Platform.Service backend : platform.services().subList(0, 5)) {
                assertThat(gatewayEnv.getProperty(backend.urlVariable()))
                        .as(backend.urlVariable())
                        .isEqualTo("http://127.0.0.1:" + backend.port());
            }
            assertThat(gatewayEnv.getProperty("CC_TICKET_SERVICE_URL")).isNotNull();
            assertThat(gatewayEnv.getProperty("CC_AUTH_SERVER_URL")).isNotNull();
            Properties ticketEnv = env(platform.services().get(2));
            assertThat(ticketEnv.getProperty("SERVER_PORT"))
                    .isEqualTo(Integer.toString(platform.services().get(2).port()));
            // One secret per run, the same for every service; the issuers live at the auth-server's address.
            assertThat(ticketEnv.getProperty("CC_INTERNAL_TOKEN"))
                    .isNotBlank()
                    .isEqualTo(gatewayEnv.getProperty("CC_INTERNAL_TOKEN"));
            assertThat(gatewayEnv.getProperty("CC_CONSOLE_BFF_SECRET")).isNotBlank();
            assertThat(gatewayEnv.getProperty("CC_AUTH_ISSUER_BASE"))
                    .isEqualTo(gatewayEnv.getProperty("CC_AUTH_SERVER_URL"));
            assertThat(ticketEnv.getProperty("CC_TENANT_DEMO_ENABLED")).isEqualTo("true");
            // workforce-service sends SMS to the stack's SMSC; nobody else is told to
            Properties workforceEnv = env(platform.services().stream()
                    .filter(s -> s.name().equals("workforce-service"))
                    .findFirst()
                    .orElseThrow());
            assertThat(workforceEnv.getProperty("CC_SMS_SMPP_ENABLED")).isEqualTo("true");
            assertThat(workforceEnv.getProperty("CC_SMS_SMPP_PORT")).isEqualTo("12775");
            assertThat(workforceEnv.getProperty("CC_SMS_SMPP_SYSTEM_ID")).isEqualTo("hotline");
            assertThat(workforceEnv.getProperty("CC_SMS_SMPP_PASSWORD")).isEqualTo("devsmsc1");
            assertThat(ticketEnv.getProperty("CC_SMS_SMPP_ENABLED")).isNull();
            assertThat(java.util.Base64.getDecoder()
                            .decode(ticketEnv.getProperty("CC_CRYPTO_PERSONALDATA_SEALINGKEYS_1")))
                    .hasSize(16);
            assertThat(java.util.Base64.getDecoder().decode(ticketEnv.getProperty("CC_CRYPTO_PERSONALDATA_INDEXKEY")))
                    .hasSizeGreaterThanOrEqualTo(32);
            assertThat(platform.services().stream().map(Platform.Service::port).distinct())
                    .hasSize(7);
            // call-cloud reaches the SIP edge's instance port and rtpengine, and reads rtpengine's recordings
            Properties callEnv = env(platform.services().stream()
                    .filter(service -> service.name().equals("call-cloud"))
                    .findFirst()
                    .orElseThrow());
            assertThat(callEnv.getProperty("CC_SIP_PORT"))
                    .isEqualTo(StackEndpointsTest.sample().sipInstancePorts().split(",")[0]);
            assertThat(callEnv.getProperty("CC_MEDIA_RTPENGINE_RECORDINGDIR"))
                    .isEqualTo(StackEndpointsTest.sample().rtpengineRecordingDir());
        } finally {
            platform.close();
        }
        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThat(ownDescendants()).isSubsetOf(before);
        assertThat(root.resolve("run/logs/gateway.log")).content().contains("stand-in listening");
    }

    @Test
    void platformEnvHasTheStackTheGatewayAndTheFourServiceUrls() throws Exception {
        layOutStandIns();
        Platform platform = Platform.prepare(root, VERSION, 0, root.resolve("run"), HEALTH_TIMEOUT);
        var values = platform.platformEnv(StackEndpointsTest.sample());
        assertThat(values.keySet())
                .containsAll(StackEndpointsTest.sample().toMap().keySet())
                .contains(
                        "CC_GATEWAY_URL",
                        "CC_TENANT_SERVICE_URL",
                        "CC_CALL_CLOUD_URL",
                        "CC_TICKET_SERVICE_URL",
                        "CC_AUTH_SERVER_URL");
        assertThat(values.get("CC_GATEWAY_URL"))
                .isEqualTo(platform.gateway().url().toString());
        assertThat(values.get("CC_AUTH_ISSUER_BASE")).isEqualTo(values.get("CC_AUTH_SERVER_URL"));
        assertThat(values.get("CC_INTERNAL_TOKEN"))
                .hasSize(48)
                .isEqualTo(platform.securityEnv().get("CC_INTERNAL_TOKEN"));
    }

    @Test
    void servedAtAPublicHostTheGatewaySpeaksHttpsAndTheSignInGoesThroughIt() throws Exception {
        layOutStandIns();
        Platform platform = Platform.prepare(root, VERSION, 0, root.resolve("run"), HEALTH_TIMEOUT);
        LocalCertificate certificate =
                LocalCertificate.ensure(root.resolve("run").resolve("tls"), "agents.example.test");
        platform.servePublicly("agents.example.test", certificate);
        StackEndpoints stack = StackEndpointsTest.sample();
        int port = platform.gateway().port();
        String auth = platform.services().stream()
                .filter(service -> service.name().equals("auth-server"))
                .findFirst()
                .orElseThrow()
                .url()
                .toString();

        assertThat(platform.consoleUrl()).hasToString("https://agents.example.test:" + port);
        var gateway = platform.environment(stack, platform.gateway());
        assertThat(gateway)
                .containsEntry("SERVER_SSL_ENABLED", "true")
                .containsEntry("SERVER_SSL_KEYSTORE", certificate.keyStore().toString())
                .containsEntry("SERVER_SSL_KEYSTOREPASSWORD", certificate.password())
                .containsEntry("SERVER_SSL_KEYALIAS", "gateway")
                .containsEntry("CC_SESSION_COOKIE_SECURE", "true")
                .containsEntry("CC_AUTH_BACKCHANNEL_ISSUER_BASE", auth)
                .containsEntry("CC_AUTH_ISSUER_BASE", "https://agents.example.test:" + port + "/api/auth")
                .containsEntry("CC_AUTH_JWK_SET_URI", auth + "/t/platform/oauth2/jwks");
        var authServer = platform.environment(
                stack,
                platform.services().stream()
                        .filter(service -> service.name().equals("auth-server"))
                        .findFirst()
                        .orElseThrow());
        assertThat(authServer)
                .as("auth-server pins the public issuer base and redirects the console back to the public address")
                .containsEntry("CC_AUTH_ISSUER_BASE", "https://agents.example.test:" + port + "/api/auth")
                .containsEntry("CC_GATEWAY_URL", "https://agents.example.test:" + port)
                .doesNotContainKey("SERVER_SSL_ENABLED");
        var callCloud = platform.environment(
                stack,
                platform.services().stream()
                        .filter(service -> service.name().equals("call-cloud"))
                        .findFirst()
                        .orElseThrow());
        assertThat(callCloud.get("CC_MEDIA_TURN_URIS")).startsWith("turn:agents.example.test:");
        assertThat(callCloud).containsEntry("CC_MEDIA_TURN_SECRET", stack.turnSecret());
        assertThat(platform.platformEnv(stack))
                .containsEntry("CC_CONSOLE_URL", "https://agents.example.test:" + port)
                .containsEntry("CC_CONSOLE_CA", certificate.caCertificate().toString());
    }

    @Test
    void withoutAPublicHostTheConsoleStaysPlainHttpOnLoopback() throws Exception {
        layOutStandIns();
        Platform platform = Platform.prepare(root, VERSION, 0, root.resolve("run"), HEALTH_TIMEOUT);
        var gateway = platform.environment(StackEndpointsTest.sample(), platform.gateway());
        assertThat(platform.consoleUrl()).isEqualTo(platform.gateway().url());
        assertThat(platform.consoleUrl().getScheme()).isEqualTo("http");
        assertThat(gateway).doesNotContainKeys("SERVER_SSL_ENABLED", "CC_AUTH_BACKCHANNEL_ISSUER_BASE");
        assertThat(gateway.get("CC_AUTH_ISSUER_BASE")).startsWith("http://127.0.0.1:");
    }

    @Test
    void aServiceThatDiesStopsTheOthersAndReportsItsLog() throws Exception {
        layOutStandIns();
        Files.createFile(
                jar("ticket-service").resolveSibling(jar("ticket-service").getFileName() + ".fail"));
        Set<Long> before = ownDescendants();
        Platform platform = Platform.prepare(root, VERSION, 0, root.resolve("run"), HEALTH_TIMEOUT);

        assertThatThrownBy(() -> platform.start(StackEndpointsTest.sample()))
                .isInstanceOf(StackStartException.class)
                .hasMessageContaining("ticket-service exited with code 3")
                .hasMessageContaining("stand-in: failing on purpose");
        assertThat(ownDescendants()).isSubsetOf(before);
    }

    @Test
    void missingJarsFailBeforeAnythingStartsAndSayHowToBuild() throws Exception {
        layOutStandIns();
        Files.delete(jar("call-cloud"));
        Files.delete(jar("gateway"));

        assertThatThrownBy(() -> Platform.prepare(root, VERSION, 0, root.resolve("run"), HEALTH_TIMEOUT))
                .isInstanceOf(StackStartException.class)
                .hasMessageContaining("call-cloud-9.9.9-TEST-exec.jar")
                .hasMessageContaining("gateway-9.9.9-TEST-exec.jar")
                .hasMessageNotContaining("tenant-service-9.9.9-TEST-exec.jar")
                .hasMessageContaining("./mvnw -B -ntp -DskipTests package");
    }

    @Test
    void gatewayGetsThePreferredPortWhenFreeAndAnotherWhenTaken() throws Exception {
        layOutStandIns();
        int preferred = Ports.freeTcpPort();
        // freeTcpPort marked it as handed out, so this JVM will not give it twice: the gateway falls back.
        Platform taken = Platform.prepare(root, VERSION, preferred, root.resolve("run"), HEALTH_TIMEOUT);
        assertThat(taken.gateway().port()).isNotEqualTo(preferred);

        int unused = findUnhandedFreePort();
        Platform free = Platform.prepare(root, VERSION, unused, root.resolve("run"), HEALTH_TIMEOUT);
        assertThat(free.gateway().port()).isEqualTo(unused);
    }

    /** A port the OS calls free and this JVM has not handed out (the OS reuses numbers Ports handed out earlier). */
    private static int findUnhandedFreePort() throws IOException {
        while (true) {
            try (var socket = new ServerSocket(0, 1, Ports.LOOPBACK)) {
                if (!Ports.handedOut(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }

    private Properties env(Platform.Service service) throws Exception {
        HttpResponse<String> response =
                Http.get(URI.create(service.url() + "/env")).orElseThrow();
        Properties properties = new Properties();
        properties.load(new StringReader(response.body()));
        return properties;
    }

    private void layOutStandIns() throws IOException {
        byte[] standIn = standInJar();
        for (String service : List.of(
                "tenant-service",
                "call-cloud",
                "ticket-service",
                "workforce-service",
                "city-simulator",
                "auth-server",
                "gateway")) {
            Path jar = jar(service);
            Files.createDirectories(jar.getParent());
            Files.write(jar, standIn);
        }
    }

    private Path jar(String service) {
        return root.resolve(service).resolve("target").resolve(service + "-" + VERSION + "-exec.jar");
    }

    /** A runnable jar holding just the compiled {@link StandInService}. */
    private static byte[] standInJar() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, StandInService.class.getName());
        var bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            String entry = StandInService.class.getName().replace('.', '/') + ".class";
            jar.putNextEntry(new JarEntry(entry));
            try (var in = StandInService.class.getClassLoader().getResourceAsStream(entry)) {
                OutputStream out = jar;
                in.transferTo(out);
            }
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static Set<Long> ownDescendants() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    }
}

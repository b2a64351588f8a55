package cn.hotline.call.session;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.agent.AgentClient;
import cn.hotline.call.sip.SipEdge;
import cn.hotline.call.sip.TenantDirectoryStub;
import cn.hotline.call.support.CalendarServer;
import cn.hotline.call.support.Http;
import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.media.testing.AgentBrowser;
import cn.hotline.media.testing.Audio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A media server lost mid-call (a private rtpengine: the shared one must not be stopped): the agent is told over its
 * socket, the caller is owed a callback, the call ends (BYE to the caller) and its partial recording is kept, marked.
 */
@RealServers
// closed after the class: every cached context takes ~2 s to close, and at JVM exit surefire allows 30 s for all
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "cc.call.sip.port=0",
            "cc.call.sip.trunks.loopback.addresses=127.0.0.1",
            "cc.call.sip.trunks.loopback.trust-asserted-identity=true",
            "cc.call.sip.trunks.loopback.area-code=0551",
            "cc.call.acd.after-call-work=0s",
            "cc.call.acd.ring-timeout=60s",
            "cc.call.session.announce-every=0s",
            "cc.media.rtpengine.attempt-timeout=300ms",
            "cc.media.rtpengine.attempts=2",
            "cc.media.rtpengine.probe-interval=1s",
        })
class MediaLostIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final TenantDirectoryStub DIRECTORY = new TenantDirectoryStub();
    private static final CalendarServer CALENDAR = new CalendarServer();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path DIR = temporaryDirectory();
    private static final int NG_PORT = freePort(true);
    private static final int TCP_PORT = freePort(false);
    private static Process rtpengine = startRtpengine();

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("media-lost-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort(boolean udp) {
        try {
            if (udp) {
                try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                    return socket.getLocalPort();
                }
            }
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Process startRtpengine() {
        int firstMediaPort = 59_000 + 2 * ThreadLocalRandom.current().nextInt(900);
        try {
            Path recordings = Files.createDirectories(DIR.resolve("recordings"));
            // rtpengine 10.5 sometimes aborts while shutting down on SIGTERM: no core file
            List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "ulimit -c 0 && exec \"$@\"", "sh"));
            command.addAll(List.of(
                    "/usr/bin/rtpengine",
                    "--config-file=none",
                    "--foreground",
                    "--log-stderr",
                    "--table=-1",
                    "--interface=127.0.0.1",
                    "--listen-ng=127.0.0.1:" + NG_PORT,
                    "--listen-tcp-ng=127.0.0.1:" + TCP_PORT,
                    "--dtmf-log-ng-tcp",
                    "--port-min=" + firstMediaPort,
                    "--port-max=" + (firstMediaPort + 99),
                    "--recording-dir=" + recordings,
                    "--recording-method=pcap",
                    "--log-level=5"));
            Process process = new ProcessBuilder(command)
                    .directory(DIR.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(DIR.resolve("rtpengine.log").toFile())
                    .start();
            Thread.sleep(700);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
        registry.add("cc.call.admission.tenant-service-url", DIRECTORY::url);
        registry.add("cc.call.tenant-service.url", CALENDAR::url);
        registry.add("cc.media.rtpengine.ng-url", () -> "udp://127.0.0.1:" + NG_PORT);
        registry.add("cc.media.rtpengine.ng-tcp-url", () -> "tcp://127.0.0.1:" + TCP_PORT);
        registry.add("cc.media.rtpengine.recording-dir", () -> DIR.resolve("recordings")
                .toString());
        registry.add("cc.media.rtpengine.spool-dir", () -> DIR.resolve("spool").toString());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        rtpengine.destroyForcibly();
        rtpengine.waitFor();
        DIRECTORY.close();
        CALENDAR.close();
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    SipEdge edge;

    @Autowired
    ReactiveStringRedisTemplate redis;

    private static Map<String, Object> row(String sql, String tenant, String call) {
        StackEndpoints stack = TestStack.endpoints();
        try (Connection c = DriverManager.getConnection(
                        stack.jdbcUrl("cc_call"), stack.pgSuperuser(), stack.pgSuperpassword());
                var s = c.prepareStatement(sql)) {
            s.setString(1, tenant);
            s.setObject(2, java.util.UUID.fromString(call));
            try (var rows = s.executeQuery()) {
                Map<String, Object> found = new LinkedHashMap<>();
                if (rows.next()) {
                    for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                        found.put(rows.getMetaData().getColumnName(i), rows.getObject(i));
                    }
                }
                return found;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> eventually(String what, String sql, String tenant, String call)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, Object> found = row(sql, tenant, call);
        while (found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            found = row(sql, tenant, call);
        }
        assertThat(found).as(what).isNotEmpty();
        return found;
    }

    @Test
    void aMediaServerLostMidCallTellsTheAgentOwesTheCallerACallbackAndKeepsThePartialRecording() throws Exception {
        String slug = Http.freshTenant("lost");
        String number = "0551" + ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
        DIRECTORY.owners.put(number, slug);
        redis.opsForHash()
                .put("t:" + slug + ":quota", "limit:CONCURRENT_CALLS", "10")
                .block(WAIT);
        Path work = Files.createTempDirectory("media-lost-call-");
        Path microphone = Audio.tone(work.resolve("agent-voice.wav"), 1000, 10);
        try (AgentClient agent = AgentClient.connect(
                        URI.create("ws://127.0.0.1:" + httpPort + "/ws/agent"), TestTokens.user(slug, Role.AGENT));
                AgentBrowser browser = new AgentBrowser(microphone)) {
            agent.request("{\"type\":\"signIn\",\"skills\":[{\"skill\":\"general\",\"level\":5}]}");
            assertThat(agent.request("{\"type\":\"ready\"}").get("state").stringValue())
                    .isEqualTo("READY");
            Process sipp = SippCaller.call(edge.host(), edge.port(), number, work, 170);
            JsonNode offer = agent.next("offer", WAIT);
            String callId = offer.get("callId").stringValue();
            JsonNode answered = agent.request(
                    JSON.writeValueAsString(Map.of("type", "answer", "callId", callId, "sdp", browser.offer())));
            assertThat(answered.get("type").stringValue())
                    .as("reply: " + answered)
                    .isEqualTo("answered");
            browser.answer(answered.get("sdp").stringValue());
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (((Number) browser.stats().getOrDefault("bytesReceived", 0)).longValue() < 4_000
                    && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            Thread.sleep(1_500);

            rtpengine.destroy(); // SIGTERM, as a crash or restart of the media server
            long lostAt = System.nanoTime();
            JsonNode lost = agent.next("mediaLost", Duration.ofSeconds(30));
            Duration told = Duration.ofNanos(System.nanoTime() - lostAt);
            System.out.printf("media lost: the agent was told after %d ms%n", told.toMillis());
            assertThat(lost.get("callId").stringValue()).isEqualTo(callId);
            assertThat(told).isLessThan(Duration.ofSeconds(10));
            JsonNode ended = agent.next("callEnded", WAIT);
            assertThat(ended.get("by").stringValue()).isEqualTo("system");

            Map<String, Object> task = eventually(
                    "the caller is owed a callback",
                    "SELECT * FROM callback_task WHERE tenant_id = ? AND call_id = ?",
                    slug,
                    callId);
            assertThat(task.get("reason")).isEqualTo("MEDIA_LOST");
            assertThat(task.get("status")).isEqualTo("OPEN");
            assertThat(sipp.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(sipp.exitValue())
                    .as("the caller got a BYE: " + SippCaller.output(work))
                    .isZero();
            Map<String, Object> recording = eventually(
                    "the partial recording is kept",
                    "SELECT * FROM call_recording WHERE tenant_id = ? AND call_id = ?",
                    slug,
                    callId);
            assertThat(recording.get("partial")).isEqualTo(true);
            assertThat(recording.get("status")).isEqualTo("UPLOADED");
            assertThat((Long) recording.get("duration_ms")).isGreaterThan(1_000L);
        }
    }
}

package cn.hotline.call.session;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.agent.AgentClient;
import cn.hotline.call.sip.SipEdge;
import cn.hotline.call.sip.TenantDirectoryStub;
import cn.hotline.call.support.CalendarServer;
import cn.hotline.devstack.test.Baresip;
import cn.hotline.devstack.test.RealServers;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
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
 * The caller is baresip (a real phone playing a tone) calling call-cloud's SIP edge directly: Kamailio's dispatcher
 * knows only the shared instances' ports, and this test's call-cloud has its own rtpengine. Once the media server is
 * back, the next call is answered and carries audio again.
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
        LiveCalls.stubbedTenantService(registry, DIRECTORY, CALENDAR);
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

    @Test
    void aMediaServerLostMidCallTellsTheAgentOwesTheCallerACallbackAndKeepsThePartialRecording() throws Exception {
        LiveCalls.Tenant tenant = LiveCalls.tenant("lost", DIRECTORY, redis);
        String slug = tenant.slug();
        Path work = Files.createTempDirectory("media-lost-call-");
        Path microphone = Audio.tone(work.resolve("agent-voice.wav"), 1000, 10);
        Path voice = Baresip.tone(work.resolve("caller-voice.wav"), 440, Duration.ofMinutes(2));
        try (AgentClient agent = AgentClient.connect(
                        URI.create("ws://127.0.0.1:" + httpPort + "/ws/agent"), TestTokens.user(slug, Role.AGENT));
                AgentBrowser browser = new AgentBrowser(microphone);
                Baresip caller = Baresip.start(work.resolve("baresip"), "13912345679", voice)) {
            agent.request("{\"type\":\"signIn\",\"skills\":[{\"skill\":\"general\",\"level\":5}]}");
            assertThat(agent.request("{\"type\":\"ready\"}").get("state").stringValue())
                    .isEqualTo("READY");
            caller.dial("sip:" + tenant.number() + "@" + edge.host() + ":" + edge.port());
            assertThat(caller.awaitEvent("CALL_ESTABLISHED", WAIT))
                    .as(caller.log())
                    .isPresent();
            JsonNode offer = agent.next("offer", WAIT);
            String callId = offer.get("callId").stringValue();
            JsonNode answered = agent.request(
                    JSON.writeValueAsString(Map.of("type", "answer", "callId", callId, "sdp", browser.offer())));
            assertThat(answered.get("type").stringValue())
                    .as("reply: " + answered)
                    .isEqualTo("answered");
            browser.answer(answered.get("sdp").stringValue());
            Duration mark = caller.heard().duration();
            LiveCalls.eventually(
                    "both sides hear each other",
                    () -> Map.of(
                            "browser", LiveCalls.number(browser.stats(), "bytesReceived"),
                            "baresip", caller.heard().since(mark).level(1000)),
                    heard -> heard.get("browser") > 4_000 && heard.get("baresip") > 300);
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

            Map<String, Object> task = LiveCalls.eventuallyRow(
                    "the caller is owed a callback",
                    "SELECT * FROM callback_task WHERE tenant_id = ? AND call_id = ?",
                    slug,
                    callId);
            assertThat(task.get("reason")).isEqualTo("MEDIA_LOST");
            assertThat(task.get("status")).isEqualTo("OPEN");
            assertThat(caller.awaitEvent("CALL_CLOSED", WAIT))
                    .as("the caller got a BYE: " + caller.log())
                    .isPresent();
            Map<String, Object> recording = LiveCalls.eventually(
                    "the partial recording is kept",
                    () -> LiveCalls.row(
                            "SELECT * FROM call_recording WHERE tenant_id = ? AND call_id = ?", slug, callId),
                    found -> "UPLOADED".equals(found.get("status")));
            assertThat(recording.get("partial")).isEqualTo(true);
            assertThat((Long) recording.get("duration_ms")).isGreaterThan(1_000L);

            // the media server restarts: the next call is answered and the agent hears its caller again
            rtpengine.waitFor();
            rtpengine = startRtpengine();
            agent.request("{\"type\":\"ready\"}"); // after-call work is 0 s: it may be ready already
            String nextCallId = null;
            for (int attempt = 0; nextCallId == null && attempt < 15; attempt++) {
                caller.dial("sip:" + tenant.number() + "@" + edge.host() + ":" + edge.port());
                JsonNode event =
                        caller.awaitAny(WAIT, "CALL_ESTABLISHED", "CALL_CLOSED").orElseThrow();
                if (event.path("type").asString("").equals("CALL_ESTABLISHED")) {
                    nextCallId = agent.next("offer", WAIT).get("callId").stringValue();
                } else {
                    // call-cloud refuses calls until its probe sees the media server again
                    Thread.sleep(1_000);
                }
            }
            assertThat(nextCallId)
                    .as("a call after the restart: " + caller.log())
                    .isNotNull();
            try (AgentBrowser again = new AgentBrowser(microphone)) {
                JsonNode reanswered = agent.request(
                        JSON.writeValueAsString(Map.of("type", "answer", "callId", nextCallId, "sdp", again.offer())));
                assertThat(reanswered.get("type").stringValue())
                        .as("reply: " + reanswered)
                        .isEqualTo("answered");
                again.answer(reanswered.get("sdp").stringValue());
                LiveCalls.eventually(
                        "the agent hears the next caller",
                        again::stats,
                        stats -> LiveCalls.number(stats, "heard") > 0.001);
            }
            caller.hangUp();
            assertThat(agent.next("callEnded", WAIT).get("callId").stringValue())
                    .isEqualTo(nextCallId);
        }
    }
}

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
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.media.port.MediaServer;
import cn.hotline.media.testing.AgentBrowser;
import cn.hotline.media.testing.Audio;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
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
 * An agent's browser drops mid-call (its socket and its page close): the call is kept, the caller hears music on
 * hold, supervisors see the agent disconnected; a new socket and page of the same agent {@code rejoin} and hear the
 * caller again. Without a rejoin within the grace period the call ends {@code AGENT_LOST} and the caller is owed a
 * callback. All real: SIPp caller, call-cloud's SIP edge, rtpengine, headless Chromium, Redis, PostgreSQL, S3Mock.
 */
@RealServers
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
            // 60 s in production; short here so the lost case does not wait a minute
            "cc.call.rejoin.grace=8s",
        })
@org.springframework.context.annotation.Import(LiveCallIT.Observe.class)
class AgentRejoinIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final TenantDirectoryStub DIRECTORY = new TenantDirectoryStub();
    private static final CalendarServer CALENDAR = new CalendarServer();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        LiveCalls.stubbedTenantService(registry, DIRECTORY, CALENDAR);
        LiveCalls.devstackRtpengine(registry);
    }

    @AfterAll
    static void stopStubs() {
        DIRECTORY.close();
        CALENDAR.close();
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    SipEdge edge;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    MediaServer media;

    /** A talking call: the agent's socket, its page, the caller and the call. */
    private record Talking(String callId, SippCaller sipp, Path work) {}

    private URI socket(String path) {
        return URI.create("ws://127.0.0.1:" + httpPort + path);
    }

    private Talking talking(String prefix, AgentClient agent, AgentBrowser browser, String slug) throws Exception {
        String number = "0551" + ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
        DIRECTORY.owners.put(number, slug);
        redis.opsForHash()
                .put("t:" + slug + ":quota", "limit:CONCURRENT_CALLS", "10")
                .block(WAIT);
        Path work = Files.createTempDirectory(prefix);
        agent.request("{\"type\":\"signIn\",\"skills\":[{\"skill\":\"general\",\"level\":5}]}");
        assertThat(agent.request("{\"type\":\"ready\"}").get("state").stringValue())
                .isEqualTo("READY");
        SippCaller sipp = SippCaller.straight(edge.host(), edge.port(), number, work);
        String callId = agent.next("offer", WAIT).get("callId").stringValue();
        JsonNode answered = agent.request(
                JSON.writeValueAsString(Map.of("type", "answer", "callId", callId, "sdp", browser.offer())));
        assertThat(answered.get("type").stringValue()).as("reply: " + answered).isEqualTo("answered");
        browser.answer(answered.get("sdp").stringValue());
        eventually("the agent hears the caller", browser::stats, stats -> number(stats, "heard") > 0.001);
        return new Talking(callId, sipp, work);
    }

    @Test
    void anAgentWhoseBrowserDropsRejoinsFromANewSocketAndHearsTheCallerAgain() throws Exception {
        String slug = Http.freshTenant("rejoin");
        String token = TestTokens.user(slug, Role.AGENT);
        Path microphone = Audio.tone(Files.createTempDirectory("rejoin-voice-").resolve("agent.wav"), 1000, 10);
        Talking call;
        boolean dropped = false;
        AgentClient first = AgentClient.connect(socket("/ws/agent"), token);
        AgentBrowser firstPage = new AgentBrowser(microphone);
        try (AgentClient supervisor =
                AgentClient.connect(socket("/ws/supervisor"), TestTokens.user(slug, Role.SUPERVISOR))) {
            call = talking("rejoin-", first, firstPage, slug);
            CallId id = CallId.parse(call.callId());
            long started = System.nanoTime();

            // the browser drops: its socket and its page go away
            first.close();
            firstPage.close();
            dropped = true;
            JsonNode away = supervisor.next("agentConnection", Duration.ofSeconds(20));
            assertThat(away.get("callId").stringValue()).isEqualTo(call.callId());
            assertThat(away.get("connected").booleanValue()).isFalse();
            assertThat(((ObservedMediaServer) media).holds(id))
                    .as("the caller hears music while the agent is away")
                    .containsExactly("hold");

            try (AgentClient second = AgentClient.connect(socket("/ws/agent"), token);
                    AgentBrowser secondPage = new AgentBrowser(microphone)) {
                JsonNode state = second.request("{\"type\":\"signIn\"}");
                assertThat(state.get("state").stringValue())
                        .as("the agent is still talking on the call: " + state)
                        .isEqualTo("TALKING");
                assertThat(state.get("callId").stringValue()).isEqualTo(call.callId());

                JsonNode badRejoin =
                        second.request(JSON.writeValueAsString(Map.of("type", "rejoin", "callId", call.callId())));
                assertThat(badRejoin.get("type").stringValue()).isEqualTo("error");
                assertThat(badRejoin.get("code").stringValue()).isEqualTo("VALIDATION_FAILED");

                JsonNode rejoined = second.request(JSON.writeValueAsString(
                        Map.of("type", "rejoin", "callId", call.callId(), "sdp", secondPage.offer())));
                assertThat(rejoined.get("type").stringValue())
                        .as("reply: " + rejoined)
                        .isEqualTo("rejoined");
                assertThat(rejoined.get("callId").stringValue()).isEqualTo(call.callId());
                assertThat(rejoined.has("requestId"))
                        .as("the reply echoes the request's id")
                        .isTrue();
                secondPage.answer(rejoined.get("sdp").stringValue());
                double heard = number(
                        eventually(
                                "the new page hears the caller again",
                                secondPage::stats,
                                stats -> number(stats, "heard") > 0.001),
                        "heard");
                System.out.printf(
                        "rejoin: the new page heard %.5f, %d bytes%n",
                        heard, (long) number(secondPage.stats(), "bytesReceived"));
                assertThat(((ObservedMediaServer) media).holds(id)).containsExactly("hold", "retrieve");
                JsonNode back = supervisor.next("agentConnection", Duration.ofSeconds(20));
                assertThat(back.get("connected").booleanValue()).isTrue();

                Thread.sleep(8_000 + 2_000); // past the grace period: the rejoined call is not ended
                assertThat(second.receives("callEnded", Duration.ofMillis(200))).isFalse();

                second.send(JSON.writeValueAsString(Map.of("type", "hangUp", "callId", call.callId())));
                Duration talked = Duration.ofNanos(System.nanoTime() - started);
                JsonNode ended = second.next("callEnded", WAIT);
                assertThat(ended.get("by").stringValue()).isEqualTo("agent");
                assertThat(call.sipp().finish(Duration.ofSeconds(60)))
                        .as("SIPp got our BYE:\n" + call.sipp().output())
                        .isZero();
                Map<String, Object> recording = eventually(
                        "the recording went on through the absence",
                        () -> row(
                                "SELECT * FROM call_recording WHERE tenant_id = ? AND call_id = ?",
                                slug,
                                call.callId()),
                        found -> !found.isEmpty());
                assertThat(recording.get("status")).isEqualTo("UPLOADED");
                assertThat((Long) recording.get("duration_ms"))
                        .as("one recording covers the whole call, talked %s", talked)
                        .isGreaterThan(talked.toMillis() - 2_000);
            }
        } finally {
            if (!dropped) {
                first.close();
                firstPage.close();
            }
        }
    }

    @Test
    void anAgentWhoDoesNotRejoinInTimeLosesTheCallAndTheCallerIsOwedACallback() throws Exception {
        String slug = Http.freshTenant("lost-agent");
        String token = TestTokens.user(slug, Role.AGENT);
        Path microphone = Audio.tone(Files.createTempDirectory("lost-voice-").resolve("agent.wav"), 1000, 10);
        AgentClient first = AgentClient.connect(socket("/ws/agent"), token);
        AgentBrowser firstPage = new AgentBrowser(microphone);
        Talking call;
        try {
            call = talking("lost-agent-", first, firstPage, slug);
        } finally {
            first.close();
            firstPage.close();
        }
        long droppedAt = System.nanoTime();
        // the agent opens the console again but does not take the call back
        try (AgentClient second = AgentClient.connect(socket("/ws/agent"), token)) {
            JsonNode ended = second.next("callEnded", WAIT);
            Duration after = Duration.ofNanos(System.nanoTime() - droppedAt);
            System.out.printf("agent lost: the call ended %d ms after the drop%n", after.toMillis());
            assertThat(ended.get("callId").stringValue()).isEqualTo(call.callId());
            assertThat(ended.get("by").stringValue()).isEqualTo("system");
            assertThat(ended.get("reason").stringValue()).isEqualTo("AGENT_LOST");
            assertThat(after).isGreaterThanOrEqualTo(Duration.ofSeconds(7));

            JsonNode late = second.request(
                    JSON.writeValueAsString(Map.of("type", "rejoin", "callId", call.callId(), "sdp", "v=0\r\n")));
            assertThat(late.get("type").stringValue()).isEqualTo("error");
            assertThat(late.get("code").stringValue())
                    .as("the call is gone (or ending): nothing to rejoin")
                    .isIn("NOT_FOUND", "ILLEGAL_TRANSITION");
        }
        Map<String, Object> task = eventually(
                "the caller is owed a callback",
                () -> row("SELECT * FROM callback_task WHERE tenant_id = ? AND call_id = ?", slug, call.callId()),
                found -> !found.isEmpty());
        assertThat(task.get("reason")).isEqualTo("AGENT_LOST");
        assertThat(task.get("status")).isEqualTo("OPEN");
        assertThat(call.sipp().finish(Duration.ofSeconds(60)))
                .as("the caller got a BYE:\n" + call.sipp().output())
                .isZero();
    }

    private static <T> T eventually(String what, Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T value = probe.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            value = probe.get();
        }
        assertThat(done.test(value)).as(what + " (last: " + value + ")").isTrue();
        return value;
    }

    private static double number(Map<String, Object> stats, String key) {
        return ((Number) stats.getOrDefault(key, 0)).doubleValue();
    }

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
}

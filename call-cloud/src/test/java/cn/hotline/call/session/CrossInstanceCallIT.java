package cn.hotline.call.session;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.CallCloudApplication;
import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.agent.AgentClient;
import cn.hotline.call.sip.SipEdge;
import cn.hotline.call.sip.TenantDirectoryStub;
import cn.hotline.call.support.CalendarServer;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.media.port.MediaServer;
import cn.hotline.media.testing.AgentBrowser;
import cn.hotline.media.testing.Audio;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A live call whose agent's socket sits on another call-cloud instance than the call (issue 4): instance one (this
 * test's context) takes the call on its SIP edge, instance two (a second application context in this JVM, same
 * Redis, PostgreSQL and rtpengine) holds the agent's socket. The socket's call-scoped commands run on the owner and
 * their replies come back unchanged; the owner's pushes reach the socket over Redis, once. All real: SIPp caller,
 * call-cloud's SIP edge, rtpengine, headless Chromium, Redis, PostgreSQL.
 */
@RealServers
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {})
@org.springframework.context.annotation.Import(LiveCallIT.Observe.class)
class CrossInstanceCallIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration QUIET = Duration.ofSeconds(3);
    private static final TenantDirectoryStub DIRECTORY = new TenantDirectoryStub();
    private static final CalendarServer CALENDAR = new CalendarServer();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The settings both instances run with (besides the servers devstack gives every context). */
    private static final Map<String, String> SETTINGS = Map.of(
            "cc.call.sip.port", "0",
            "cc.call.sip.trunks.loopback.addresses", "127.0.0.1",
            "cc.call.sip.trunks.loopback.trust-asserted-identity", "true",
            "cc.call.sip.trunks.loopback.area-code", "0551",
            "cc.call.acd.after-call-work", "0s",
            "cc.call.acd.ring-timeout", "60s",
            "cc.call.session.announce-every", "0s",
            // owner keys expire 3 s after their instance dies (60 s in production)
            "cc.call.admission.call-ttl", "3s");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        LiveCalls.stubbedTenantService(registry, DIRECTORY, CALENDAR);
        SETTINGS.forEach((key, value) -> registry.add(key, () -> value));
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

    @Autowired
    AcdManagement acd;

    /** Instance two: where the agents' sockets are. */
    private ConfigurableApplicationContext other;

    /**
     * Instance two's own tenant directory and calendar: closing an application context disposes Reactor Netty's
     * shared event loops, which would take a stub shared across tests with them.
     */
    private TenantDirectoryStub otherDirectory;

    private CalendarServer otherCalendar;

    @BeforeEach
    void startTheOtherInstance() {
        Map<String, Object> properties = new HashMap<>(TestTokens.properties());
        properties.putAll(SETTINGS);
        properties.put("server.port", "0");
        properties.put("cc.call.acd.instance-id", "two-" + Uuids.v7().toString().substring(24));
        otherDirectory = new TenantDirectoryStub();
        otherCalendar = new CalendarServer();
        properties.put("cc.call.admission.tenant-service-url", otherDirectory.url());
        properties.put("cc.call.tenant-service.url", otherCalendar.url());
        properties.put("cc.media.rtpengine.ng-url", System.getProperty("CC_RTPENGINE_NG_URL"));
        properties.put("cc.media.rtpengine.ng-tcp-url", System.getProperty("CC_RTPENGINE_NG_TCP_URL"));
        properties.put("cc.media.rtpengine.recording-dir", System.getProperty("CC_RTPENGINE_RECORDING_DIR"));
        String[] arguments = properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        other = new SpringApplicationBuilder(CallCloudApplication.class).run(arguments);
    }

    @AfterEach
    void stopTheOtherInstance() {
        if (other != null && other.isActive()) {
            other.getBean(AcdManagement.class).stop().block(WAIT);
            other.close();
        }
        otherDirectory.close();
        otherCalendar.close();
    }

    private URI socket() {
        return URI.create("ws://127.0.0.1:" + httpPort + "/ws/agent");
    }

    private URI otherSocket() {
        return URI.create("ws://127.0.0.1:" + other.getEnvironment().getProperty("local.server.port") + "/ws/agent");
    }

    @Test
    void anAgentOnTheOtherInstanceAnswersWithAudioHoldsRetrievesAndGetsTheCallerHangUpOnce() throws Exception {
        LiveCalls.Tenant tenant = LiveCalls.tenant("xinst", DIRECTORY, redis);
        String token = TestTokens.user(tenant.slug(), Role.AGENT);
        Path work = Files.createTempDirectory("cross-instance-");
        Path microphone = Audio.tone(work.resolve("agent.wav"), 1000, 10);
        Path voice = CallerPcap.write(work.resolve("caller.pcap"), 60, 440, 1, Set.of());
        AgentClient agent = AgentClient.connect(otherSocket(), token);
        AgentBrowser page = new AgentBrowser(microphone);
        boolean dropped = false;
        try {
            agent.request("{\"type\":\"signIn\",\"skills\":[{\"skill\":\"general\",\"level\":5}]}");
            assertThat(agent.request("{\"type\":\"ready\"}").get("state").stringValue())
                    .isEqualTo("READY");
            Thread.sleep(500); // the socket's Redis subscriptions are confirmed

            // the caller talks (a 440 Hz tone) for 60 s, then hangs up
            SippCaller caller =
                    SippCaller.speaking(edge.host() + ":" + edge.port(), tenant.number(), work, voice, 60_000);
            try {
                JsonNode offered = agent.next("offer", WAIT);
                String callId = offered.get("callId").stringValue();
                assertThat(offered.get("caller").stringValue())
                        .as("the offer on the other instance carries the caller's number for the screen pop")
                        .isEqualTo("13912345678");
                CallId id = CallId.parse(callId);
                assertThat(redis.opsForValue().get(LiveCallOwners.key(id)).block(WAIT))
                        .as("the call belongs to the instance whose SIP edge took it")
                        .isEqualTo(acd.instanceId());
                assertThat(other.getBean(CallSessions.class).live(id))
                        .as("the socket's instance does not have the call")
                        .isEmpty();

                // a command for a call no instance has: an error, and nothing changes
                JsonNode unknown = agent.request(JSON.writeValueAsString(
                        Map.of("type", "answer", "callId", CallId.random().toString(), "sdp", "v=0\r\n")));
                assertThat(unknown.get("type").stringValue()).isEqualTo("error");
                assertThat(unknown.get("code").stringValue()).isEqualTo("NOT_FOUND");
                JsonNode stillOffered = agent.request("{\"type\":\"getState\"}");
                assertThat(stillOffered.get("state").stringValue()).isEqualTo("OFFERED");
                assertThat(stillOffered.get("callId").stringValue()).isEqualTo(callId);

                long answering = System.nanoTime();
                JsonNode answered = agent.request(
                        JSON.writeValueAsString(Map.of("type", "answer", "callId", callId, "sdp", page.offer())));
                long answerMillis = (System.nanoTime() - answering) / 1_000_000;
                assertThat(answered.get("type").stringValue())
                        .as("reply: " + answered)
                        .isEqualTo("answered");
                assertThat(answered.get("callId").stringValue()).isEqualTo(callId);
                assertThat(answered.get("sdp").stringValue()).startsWith("v=0");
                page.answer(answered.get("sdp").stringValue());
                double heard = LiveCalls.number(
                        LiveCalls.eventually(
                                "the agent's page on instance two hears the caller on instance one",
                                page::stats,
                                stats -> LiveCalls.number(stats, "heard") > 0.001),
                        "heard");
                System.out.printf(
                        "cross-instance: answer forwarded in %d ms; the page heard %.5f, %d bytes%n",
                        answerMillis, heard, (long) LiveCalls.number(page.stats(), "bytesReceived"));
                assertThat(agent.request("{\"type\":\"getState\"}").get("state").stringValue())
                        .isEqualTo("TALKING");

                JsonNode held = agent.request(JSON.writeValueAsString(Map.of("type", "hold", "callId", callId)));
                assertThat(held.get("state").stringValue()).as("reply: " + held).isEqualTo("ON_HOLD");
                JsonNode back = agent.request(JSON.writeValueAsString(Map.of("type", "retrieve", "callId", callId)));
                assertThat(back.get("state").stringValue()).as("reply: " + back).isEqualTo("TALKING");
                assertThat(((ObservedMediaServer) media).holds(id))
                        .as("the owner's media server held and retrieved the caller")
                        .containsExactly("hold", "retrieve");
                long bytes = (long) LiveCalls.number(page.stats(), "bytesReceived");
                LiveCalls.eventually(
                        "the page hears the caller again after the retrieve",
                        page::stats,
                        stats -> LiveCalls.number(stats, "bytesReceived") > bytes + 800
                                && LiveCalls.number(stats, "heard") > 0.001);

                // the agent's browser drops (socket and page) and comes back on the same other instance: the owner
                // holds the caller during the absence and takes the new page's offer
                dropped = true;
                agent.close();
                page.close();
                LiveCalls.eventually(
                        "the owner holds the caller while the agent is away",
                        () -> ((ObservedMediaServer) media).holds(id),
                        holds -> holds.size() == 3);
                assertThat(((ObservedMediaServer) media).holds(id)).containsExactly("hold", "retrieve", "hold");
                try (AgentClient again = AgentClient.connect(otherSocket(), token);
                        AgentBrowser newPage = new AgentBrowser(microphone)) {
                    JsonNode signedIn = again.request("{\"type\":\"signIn\"}");
                    assertThat(signedIn.get("state").stringValue()).isEqualTo("TALKING");
                    JsonNode rejoined = again.request(JSON.writeValueAsString(
                            Map.of("type", "rejoin", "callId", callId, "sdp", newPage.offer())));
                    assertThat(rejoined.get("type").stringValue())
                            .as("reply: " + rejoined)
                            .isEqualTo("rejoined");
                    newPage.answer(rejoined.get("sdp").stringValue());
                    double heardAgain = LiveCalls.number(
                            LiveCalls.eventually(
                                    "the new page hears the caller",
                                    newPage::stats,
                                    stats -> LiveCalls.number(stats, "heard") > 0.001),
                            "heard");
                    System.out.printf("cross-instance rejoin: the new page heard %.5f%n", heardAgain);
                    assertThat(((ObservedMediaServer) media).holds(id))
                            .containsExactly("hold", "retrieve", "hold", "retrieve");

                    JsonNode ended = again.next("callEnded", WAIT);
                    assertThat(ended.get("callId").stringValue()).isEqualTo(callId);
                    assertThat(ended.get("by").stringValue()).isEqualTo("caller");
                    assertThat(again.receives("callEnded", QUIET))
                            .as("callEnded reaches the socket exactly once")
                            .isFalse();
                }
                assertThat(caller.finish(WAIT)).as(caller.output()).isZero();
                LiveCalls.eventually(
                        "the owner key goes with the call",
                        () -> java.util.Optional.ofNullable(
                                redis.opsForValue().get(LiveCallOwners.key(id)).block(WAIT)),
                        java.util.Optional::isEmpty);
            } finally {
                caller.close();
            }
        } finally {
            if (!dropped) {
                agent.close();
                page.close();
            }
        }
    }

    @Test
    void aConsultedAgentOnTheOtherInstanceAnswersWithAudioTakesTheCallerAndHangsUp() throws Exception {
        LiveCalls.Tenant tenant = LiveCalls.tenant("xconsult", DIRECTORY, redis);
        Path work = Files.createTempDirectory("cross-consult-");
        Path microphone = Audio.tone(work.resolve("agent.wav"), 1000, 10);
        Path voice = CallerPcap.write(work.resolve("caller.pcap"), 60, 440, 1, Set.of());
        String signIn = "{\"type\":\"signIn\",\"skills\":[{\"skill\":\"general\",\"level\":5}]}";
        // the consulting agent's socket is on the call's instance, the consulted agent's on the other one
        try (AgentClient first = AgentClient.connect(socket(), TestTokens.user(tenant.slug(), Role.AGENT));
                AgentClient second = AgentClient.connect(otherSocket(), TestTokens.user(tenant.slug(), Role.AGENT));
                AgentBrowser firstPage = new AgentBrowser(microphone);
                AgentBrowser secondPage = new AgentBrowser(microphone)) {
            first.request(signIn);
            String secondId = second.request(signIn).get("agent").stringValue();
            assertThat(first.request("{\"type\":\"ready\"}").get("state").stringValue())
                    .isEqualTo("READY");
            Thread.sleep(500);
            SippCaller caller =
                    SippCaller.speaking(edge.host() + ":" + edge.port(), tenant.number(), work, voice, 60_000);
            try {
                String callId = first.next("offer", WAIT).get("callId").stringValue();
                JsonNode answered = first.request(
                        JSON.writeValueAsString(Map.of("type", "answer", "callId", callId, "sdp", firstPage.offer())));
                assertThat(answered.get("type").stringValue()).isEqualTo("answered");
                firstPage.answer(answered.get("sdp").stringValue());
                assertThat(second.request("{\"type\":\"ready\"}").get("state").stringValue())
                        .isEqualTo("READY");

                JsonNode consulting = first.request(JSON.writeValueAsString(
                        Map.of("type", "consult", "callId", callId, "to", Map.of("kind", "agent", "value", secondId))));
                assertThat(consulting.get("type").stringValue())
                        .as("reply: " + consulting)
                        .isEqualTo("consulting");
                String consultId = consulting.get("consultId").stringValue();
                JsonNode offer = second.next("offer", WAIT);
                assertThat(offer.get("callId").stringValue()).isEqualTo(consultId);
                assertThat(offer.get("consultOf").stringValue()).isEqualTo(callId);
                assertThat(offer.get("caller").stringValue())
                        .as("the consultation's offer names the caller it is about")
                        .isEqualTo("13912345678");

                // the consultation has no owner key of its own: it goes where the consulted call lives
                JsonNode consultAnswered = second.request(JSON.writeValueAsString(
                        Map.of("type", "answer", "callId", consultId, "sdp", secondPage.offer())));
                assertThat(consultAnswered.get("type").stringValue())
                        .as("reply: " + consultAnswered)
                        .isEqualTo("answered");
                secondPage.answer(consultAnswered.get("sdp").stringValue());

                JsonNode completed =
                        first.request(JSON.writeValueAsString(Map.of("type", "completeTransfer", "callId", callId)));
                assertThat(completed.get("type").stringValue())
                        .as("the transfer completes: " + completed)
                        .isNotEqualTo("error");
                double heard = LiveCalls.number(
                        LiveCalls.eventually(
                                "the consulted agent's page hears the caller",
                                secondPage::stats,
                                stats -> LiveCalls.number(stats, "heard") > 0.001),
                        "heard");
                // by frequency: the caller's 440 Hz voice, not music on hold
                double caller440 = LiveCalls.eventually(
                        "the consulted agent's page hears the caller's 440 Hz",
                        () -> secondPage.toneLevel(440),
                        level -> level > -60);
                System.out.printf(
                        "cross-instance consult: the consulted agent's page heard %.5f, 440 Hz at %.1f dB%n",
                        heard, caller440);
                JsonNode secondState = second.request("{\"type\":\"getState\"}");
                assertThat(secondState.get("state").stringValue())
                        .as("the consulted agent has the caller: " + secondState)
                        .isEqualTo("TALKING");

                String talkingOn = secondState.get("callId").stringValue();
                // sent, not requested: the owner's callEnded travels over Redis and may arrive before the reply
                second.send(JSON.writeValueAsString(Map.of("type", "hangUp", "callId", talkingOn)));
                JsonNode ended = second.next("callEnded", WAIT);
                assertThat(ended.get("by").stringValue()).isEqualTo("agent");
                assertThat(second.receives("callEnded", QUIET)).as("once").isFalse();
                // this caller's scenario hangs up itself: the owner's BYE ends it early, which SIPp reports
                caller.finish(WAIT);
                assertThat(caller.output()).contains("unexpected BYE");
            } finally {
                caller.close();
            }
        }
    }

    @Test
    void whenTheInstanceOwningTheCallDiesTheAgentOnAnotherInstanceIsToldInstanceLost() throws Exception {
        LiveCalls.Tenant tenant = LiveCalls.tenant("xlost", DIRECTORY, redis);
        String token = TestTokens.user(tenant.slug(), Role.AGENT);
        Path work = Files.createTempDirectory("instance-lost-");
        Path microphone = Audio.tone(work.resolve("agent.wav"), 1000, 10);
        Path voice = CallerPcap.write(work.resolve("caller.pcap"), 60, 440, 1, Set.of());
        SipEdge otherEdge = other.getBean(SipEdge.class);
        otherDirectory.owners.put(tenant.number(), tenant.slug());
        try (AgentClient agent = AgentClient.connect(socket(), token);
                AgentBrowser page = new AgentBrowser(microphone)) {
            agent.request("{\"type\":\"signIn\",\"skills\":[{\"skill\":\"general\",\"level\":5}]}");
            assertThat(agent.request("{\"type\":\"ready\"}").get("state").stringValue())
                    .isEqualTo("READY");
            Thread.sleep(500);
            // this time the other instance takes the call and the agent's socket is on this one
            SippCaller caller = SippCaller.speaking(
                    otherEdge.host() + ":" + otherEdge.port(), tenant.number(), work, voice, 60_000);
            try {
                String callId = agent.next("offer", WAIT).get("callId").stringValue();
                JsonNode answered = agent.request(
                        JSON.writeValueAsString(Map.of("type", "answer", "callId", callId, "sdp", page.offer())));
                assertThat(answered.get("type").stringValue())
                        .as("reply: " + answered)
                        .isEqualTo("answered");
                page.answer(answered.get("sdp").stringValue());
                LiveCalls.eventually(
                        "the page hears the caller through the other instance",
                        page::stats,
                        stats -> LiveCalls.number(stats, "heard") > 0.001);

                // the owner stops as a crashed instance does: its owner keys are no longer renewed (they expire, no
                // BYE, no delete) and it is no longer advertised. (Its context is not closed here: closing one in this
                // JVM disposes Reactor Netty's shared event loops, and with them the agent's test socket.)
                long died = System.nanoTime();
                other.getBean(CallSessions.class).stop();
                other.getBean(AcdManagement.class).close();
                JsonNode ended = agent.next("callEnded", WAIT);
                long millis = (System.nanoTime() - died) / 1_000_000;
                System.out.printf(
                        "instance lost: callEnded %d ms after the owner stopped renewing (key ttl 3 s, checked every 2 s)%n",
                        millis);
                assertThat(ended.get("callId").stringValue()).isEqualTo(callId);
                assertThat(ended.get("by").stringValue()).isEqualTo("system");
                assertThat(ended.get("reason").stringValue()).isEqualTo("INSTANCE_LOST");
                assertThat(agent.receives("callEnded", QUIET)).as("told once").isFalse();
                assertThat(agent.request("{\"type\":\"getState\"}").get("state").stringValue())
                        .as("the agent is free again")
                        .isIn("READY", "AFTER_CALL_WORK");
            } finally {
                caller.close();
            }
        }
    }

    @Test
    void aCommandForACallWhoseOwnerCannotBeReachedIsServiceUnavailableAndTheInternalPathNeedsTheToken()
            throws Exception {
        LiveCalls.Tenant tenant = LiveCalls.tenant("xgone", DIRECTORY, redis);
        String token = TestTokens.user(tenant.slug(), Role.AGENT);
        CallId orphan = CallId.random();
        // an owner key naming an instance that is not advertised (it died)
        redis.opsForValue()
                .set(LiveCallOwners.key(orphan), "gone-" + Uuids.v7(), Duration.ofSeconds(30))
                .block(WAIT);
        try (AgentClient agent = AgentClient.connect(otherSocket(), token)) {
            agent.request("{\"type\":\"signIn\"}");
            JsonNode refused =
                    agent.request(JSON.writeValueAsString(Map.of("type", "hold", "callId", orphan.toString())));
            assertThat(refused.get("type").stringValue()).isEqualTo("error");
            assertThat(refused.get("code").stringValue()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(agent.request("{\"type\":\"getState\"}").get("state").stringValue())
                    .as("nothing changed")
                    .isEqualTo("NOT_READY");
        }
        HttpResponse<String> withoutToken = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/internal/calls/" + orphan
                                        + "/agent-commands"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"tenant\":\"" + tenant.slug()
                                        + "\",\"agent\":\"x\",\"origin\":\"o\",\"frame\":\"{}\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(withoutToken.statusCode()).isEqualTo(401);
    }
}

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
            "cc.call.session.announce-every", "0s");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
        SETTINGS.forEach((key, value) -> registry.add(key, () -> value));
        registry.add("cc.call.admission.tenant-service-url", DIRECTORY::url);
        registry.add("cc.call.tenant-service.url", CALENDAR::url);
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

    @BeforeEach
    void startTheOtherInstance() {
        Map<String, Object> properties = new HashMap<>(TestTokens.properties());
        properties.putAll(SETTINGS);
        properties.put("server.port", "0");
        properties.put("cc.call.acd.instance-id", "two-" + Uuids.v7().toString().substring(24));
        properties.put("cc.call.admission.tenant-service-url", DIRECTORY.url());
        properties.put("cc.call.tenant-service.url", CALENDAR.url());
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
        try (AgentClient agent = AgentClient.connect(otherSocket(), token);
                AgentBrowser page = new AgentBrowser(microphone)) {
            agent.request("{\"type\":\"signIn\",\"skills\":[{\"skill\":\"general\",\"level\":5}]}");
            assertThat(agent.request("{\"type\":\"ready\"}").get("state").stringValue())
                    .isEqualTo("READY");
            Thread.sleep(500); // the socket's Redis subscriptions are confirmed

            // the caller talks (a 440 Hz tone) for up to 40 s, then hangs up
            SippCaller caller = SippCaller.to(
                    edge.host() + ":" + edge.port(),
                    "uac_abandon.xml",
                    tenant.number(),
                    work,
                    Map.of(
                            "@WAIT_MS@",
                            "40000",
                            "@BEFORE_WAIT@",
                            "<nop><action><exec play_pcap_audio=\"" + voice + "\" /></action></nop>"));
            try {
                String callId = agent.next("offer", WAIT).get("callId").stringValue();
                CallId id = CallId.parse(callId);
                LiveCalls.eventually(
                        "the owner key goes with the call",
                        () -> java.util.Optional.ofNullable(
                                redis.opsForValue().get(LiveCallOwners.key(id)).block(WAIT)),
                        java.util.Optional::isEmpty);
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

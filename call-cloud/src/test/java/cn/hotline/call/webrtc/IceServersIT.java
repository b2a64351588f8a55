package cn.hotline.call.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.media.port.AgentLeg;
import cn.hotline.media.port.Codec;
import cn.hotline.media.port.MediaServer;
import cn.hotline.media.port.TrunkLeg;
import cn.hotline.media.testing.AgentBrowser;
import cn.hotline.media.testing.Audio;
import cn.hotline.media.testing.RtpPeer;
import cn.hotline.media.turn.TurnCredential;
import cn.hotline.media.turn.TurnCredentials;
import cn.hotline.media.turn.TurnProperties;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code GET /tenants/{t}/webrtc/ice-servers} against the devstack's coturn: the signed-in user's credential (user id
 * in the name, ≤ 10 minutes, never cached) makes headless Chromium gather a relay candidate and carry a call's audio
 * relay-only ({@code iceTransportPolicy: "relay"}) to rtpengine and back; an expired one gets no relay; other tenants,
 * other roles and anonymous callers get nothing.
 */
@RealServers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IceServersIT {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
        registry.add("cc.media.turn.uris", IceServersIT::turnUri);
        registry.add("cc.media.turn.secret", () -> System.getProperty("CC_TURN_SECRET"));
        registry.add("cc.media.rtpengine.ng-url", () -> System.getProperty("CC_RTPENGINE_NG_URL"));
        registry.add("cc.media.rtpengine.ng-tcp-url", () -> System.getProperty("CC_RTPENGINE_NG_TCP_URL"));
    }

    private static String turnUri() {
        return "turn:" + System.getProperty("CC_TURN_HOST") + ":" + System.getProperty("CC_TURN_PORT")
                + "?transport=udp";
    }

    @LocalServerPort
    int port;

    @Autowired
    MediaServer media;

    WebTestClient http;
    String tenant;

    @BeforeEach
    void setUp() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        tenant = "ice-" + Uuids.v7().toString().substring(24);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> iceServers(String token) {
        return http.get()
                .uri("/tenants/{t}/webrtc/ice-servers", tenant)
                .header("Authorization", "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueMatches("Cache-Control", ".*no-store.*")
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSignedInAgentGetsItsOwnShortLivedTurnCredentialThatRelaysACallsAudio() throws Exception {
        String token = TestTokens.user(tenant, Role.AGENT);
        String user = SignedJWT.parse(token).getJWTClaimsSet().getSubject();
        long now = Instant.now().getEpochSecond();
        Map<String, Object> body = iceServers(token);

        int ttl = ((Number) body.get("ttlSeconds")).intValue();
        assertThat(ttl).isBetween(590, 600);
        List<Map<String, Object>> servers = (List<Map<String, Object>>) body.get("iceServers");
        assertThat(servers).hasSize(1);
        Map<String, Object> server = servers.getFirst();
        assertThat((List<String>) server.get("urls")).containsExactly(turnUri());
        String username = (String) server.get("username");
        assertThat(username).endsWith(":" + tenant + "." + user);
        long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
        assertThat(expiry - now).isBetween(590L, 601L);
        assertThat(iceServers(TestTokens.user(tenant, Role.SUPERVISOR)).get("iceServers"))
                .as("another user gets another credential")
                .isNotEqualTo(servers);

        Path microphone = Audio.tone(Files.createTempDirectory("ice-").resolve("voice.wav"), 1000, 5);
        CallId call = CallId.random();
        TenantId owner = TenantId.of(tenant);
        try (RtpPeer caller = new RtpPeer();
                AgentBrowser agent = new AgentBrowser(microphone)) {
            TrunkLeg trunk = media.answerTrunk(owner, call, caller.offer(), List.of(Codec.PCMA))
                    .block(Duration.ofSeconds(5));
            caller.sendToneTo(trunk.sdp(), 440);
            String offer = agent.offer(servers, true);
            assertThat(offer)
                    .as("relay-only: the coturn relay is the browser's only candidate")
                    .contains("typ relay")
                    .doesNotContain("typ host");
            AgentLeg leg = media.attachAgent(owner, call, user, offer).block(Duration.ofSeconds(5));
            agent.answer(leg.sdpAnswer());
            media.bridge(trunk.leg(), leg.leg()).block(Duration.ofSeconds(5));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!"connected".equals(agent.stats().get("state")) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Thread.sleep(1_500);
            Map<String, Object> stats = agent.stats();
            media.release(call).blockLast(Duration.ofSeconds(5));

            assertThat(stats.get("state")).as("%s", stats).isEqualTo("connected");
            System.out.printf(
                    "ice-servers: relay-only browser received %s bytes (heard %s), caller got %d loud packets%n",
                    stats.get("bytesReceived"), stats.get("heard"), caller.loudPackets());
            assertThat(((Number) stats.get("bytesReceived")).longValue())
                    .as("the caller's audio reached the browser through the relay")
                    .isGreaterThan(5_000);
            assertThat(caller.loudPackets())
                    .as("the agent's voice reached the caller through the relay")
                    .isGreaterThan(30);
        }
    }

    @Test
    void anExpiredCredentialOfTheSameSecretGetsNoRelay() throws Exception {
        TurnProperties properties =
                new TurnProperties(List.of(turnUri()), System.getProperty("CC_TURN_SECRET"), Duration.ofMinutes(10));
        TurnCredential expired = new TurnCredentials(
                        properties, Clock.fixed(Instant.now().minus(Duration.ofMinutes(11)), ZoneOffset.UTC))
                .issue(TenantId.of(tenant), "agent-7");
        Path microphone = Audio.tone(Files.createTempDirectory("ice-").resolve("voice.wav"), 1000, 2);
        try (AgentBrowser refused = new AgentBrowser(microphone)) {
            String offer = refused.offer(
                    List.of(Map.of(
                            "urls", expired.uris(),
                            "username", expired.username(),
                            "credential", expired.credential())),
                    true);
            assertThat(offer).doesNotContain("typ relay");
        }
    }

    @Test
    void otherTenantsOtherRolesAndAnonymousCallersGetNoCredential() {
        http.get()
                .uri("/tenants/{t}/webrtc/ice-servers", tenant)
                .header("Authorization", "Bearer " + TestTokens.user("someone-else", Role.AGENT))
                .exchange()
                .expectStatus()
                .isNotFound();
        http.get()
                .uri("/tenants/{t}/webrtc/ice-servers", tenant)
                .header("Authorization", "Bearer " + TestTokens.user(tenant, Role.TICKET_CLERK))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("FORBIDDEN");
        http.get()
                .uri("/tenants/{t}/webrtc/ice-servers", tenant)
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }
}

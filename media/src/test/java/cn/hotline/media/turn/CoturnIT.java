package cn.hotline.media.turn;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.media.port.AgentLeg;
import cn.hotline.media.port.Codec;
import cn.hotline.media.port.TrunkLeg;
import cn.hotline.media.rtpengine.RtpengineMediaServer;
import cn.hotline.media.rtpengine.RtpengineProperties;
import cn.hotline.media.testing.AgentBrowser;
import cn.hotline.media.testing.Audio;
import cn.hotline.media.testing.RtpPeer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The devstack's coturn accepts our short-lived credentials, refuses expired ones, and relays a real agent call. */
class CoturnIT {

    private static final TenantId TENANT = TenantId.of("shushan");

    @TempDir
    Path dir;

    private static TurnProperties properties(StackEndpoints stack) {
        return new TurnProperties(
                List.of("turn:" + stack.turnHost() + ":" + stack.turnPort() + "?transport=udp"),
                stack.turnSecret(),
                Duration.ofMinutes(10));
    }

    private static List<Map<String, Object>> iceServers(TurnCredential credential) {
        return List.of(Map.of(
                "urls", credential.uris(), "username", credential.username(), "credential", credential.credential()));
    }

    @Test
    void anExpiredCredentialGetsNoRelayAndAFreshOneCarriesTheAgentsAudio() throws Exception {
        StackEndpoints stack = TestStack.endpoints();
        TurnCredential expired = new TurnCredentials(
                        properties(stack), Clock.fixed(Instant.now().minus(Duration.ofMinutes(11)), ZoneOffset.UTC))
                .issue(TENANT, "agent-7");
        TurnCredential fresh = new TurnCredentials(properties(stack), Clock.systemUTC()).issue(TENANT, "agent-7");
        Path microphone = Audio.tone(dir.resolve("voice.wav"), 1000, 5);

        try (AgentBrowser refused = new AgentBrowser(microphone)) {
            assertThat(refused.offer(iceServers(expired), true)).doesNotContain("typ relay");
        }

        CallId call = CallId.random();
        try (RtpengineMediaServer media = RtpengineMediaServer.connect(
                        RtpengineProperties.of(
                                stack.rtpengineNgUrl(), stack.rtpengineNgTcpUrl(), null, dir.resolve("spool")),
                        Clock.systemUTC());
                RtpPeer caller = new RtpPeer();
                AgentBrowser agent = new AgentBrowser(microphone)) {
            TrunkLeg trunk = media.answerTrunk(TENANT, call, caller.offer(), List.of(Codec.PCMA))
                    .block(Duration.ofSeconds(5));
            caller.sendToneTo(trunk.sdp(), 440);
            String offer = agent.offer(iceServers(fresh), true);
            assertThat(offer).contains("typ relay").doesNotContain("typ host");

            AgentLeg leg = media.attachAgent(TENANT, call, "agent-7", offer).block(Duration.ofSeconds(5));
            agent.answer(leg.sdpAnswer());
            media.bridge(trunk.leg(), leg.leg()).block(Duration.ofSeconds(5));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!"connected".equals(agent.stats().get("state")) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Thread.sleep(1_500);
            Map<String, Object> stats = agent.stats();
            media.release(call).blockLast(Duration.ofSeconds(5));

            assertThat(stats.get("state")).as("%s", stats).isEqualTo("connected");
            assertThat(((Number) stats.get("bytesReceived")).longValue()).isGreaterThan(5_000);
            assertThat(caller.loudPackets())
                    .as("the agent's voice through the relay")
                    .isGreaterThan(30);
        }
    }
}

package cn.hotline.media.rtpengine;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.media.port.BrowserDial;
import cn.hotline.media.port.Codec;
import cn.hotline.media.port.FinishedRecording;
import cn.hotline.media.port.RecordingLayout;
import cn.hotline.media.testing.AgentBrowser;
import cn.hotline.media.testing.Audio;
import cn.hotline.media.testing.RtpPeer;
import cn.hotline.media.testing.Wav;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A callback dialled from an agent's browser (headless Chromium, fake microphone) on the real rtpengine: the browser
 * gets its answer before the far end answers, the far end (a plain RTP peer standing in for a mobile) gets a plain
 * G.711 offer; nothing crosses until bridged, then audio flows both ways and the recording has the far end left and
 * the agent right.
 */
class RtpengineBrowserDialIT {

    private static final TenantId TENANT = TenantId.of("shushan");

    @TempDir
    static Path dir;

    private static RtpengineMediaServer media;

    @BeforeAll
    static void connect() {
        media = RtpengineFixture.connect(dir.resolve("spool"));
    }

    @AfterAll
    static void close() {
        media.close();
    }

    @Test
    void anAgentsBrowserCallsAnOutsideNumberAndTheyHearEachOtherOnceBridged() throws Exception {
        Path microphone = Audio.tone(dir.resolve("agent-voice.wav"), 1000, 8);
        CallId call = CallId.random();
        try (RtpPeer mobile = new RtpPeer();
                AgentBrowser agent = new AgentBrowser(microphone)) {
            BrowserDial dial = media.dialFromBrowser(TENANT, call, "agent-7", agent.offer(), List.of(Codec.PCMA))
                    .block(Duration.ofSeconds(5));
            agent.answer(dial.agent().sdpAnswer());
            awaitConnected(agent);
            media.record(call, RecordingLayout.STEREO_CALLER_LEFT_AGENT_RIGHT).block(Duration.ofSeconds(5));
            long recordingStarted = System.nanoTime();

            // the far end answers: its answer completes the outside leg; it talks into rtpengine's offered port
            media.completeTrunk(dial.outside().leg(), mobile.offer()).block(Duration.ofSeconds(5));
            mobile.sendToneTo(dial.outside().sdp(), 700);
            Thread.sleep(1_000);
            mobile.reset();
            agent.resetHeard();
            Thread.sleep(1_500);
            long mobileLoudUnbridged = mobile.loudPackets();
            double agentHeardUnbridged = heard(agent);

            media.bridge(dial.agent().leg(), dial.outside().leg()).block(Duration.ofSeconds(5));
            Thread.sleep(500);
            mobile.reset();
            agent.resetHeard();
            Thread.sleep(2_000);
            long mobileLoudBridged = mobile.loudPackets();
            double agentHeardBridged = heard(agent);

            FinishedRecording recording = media.release(call).blockLast(Duration.ofSeconds(10));
            Duration recorded = Duration.ofNanos(System.nanoTime() - recordingStarted);
            Wav wav = Wav.read(recording.file());
            System.out.printf(
                    "browser dial: unbridged mobile-loud=%d agent-heard=%.4f; bridged mobile-loud=%d"
                            + " agent-heard=%.4f; recording %s for ~%s%n",
                    mobileLoudUnbridged, agentHeardUnbridged, mobileLoudBridged, agentHeardBridged, wav, recorded);
            assertThat(dial.outside().sdp())
                    .contains("RTP/AVP 8")
                    .doesNotContain("a=ice-ufrag")
                    .doesNotContain("a=fingerprint");
            assertThat(dial.agent().sdpAnswer()).contains("UDP/TLS/RTP/SAVPF", "a=fingerprint:", "a=ice-ufrag:");
            assertThat(mobileLoudUnbridged)
                    .as("the far end hears the agent before the bridge")
                    .isLessThan(5);
            assertThat(agentHeardUnbridged)
                    .as("the agent hears the far end before the bridge")
                    .isLessThan(0.01);
            assertThat(mobileLoudBridged).as("the agent's voice at the far end").isGreaterThan(50);
            assertThat(agentHeardBridged).as("the far end's tone at the agent").isGreaterThan(0.05);
            assertThat(wav.channels()).isEqualTo(2);
            assertThat(wav.duration()).isCloseTo(recorded, Duration.ofSeconds(1));
            assertThat(wav.leftEnergy()).as("the far end on the left").isGreaterThan(1000);
            assertThat(wav.rightEnergy()).as("the agent on the right").isGreaterThan(500);
        }
    }

    private static void awaitConnected(AgentBrowser agent) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Map<String, Object> stats = agent.stats();
        while (!"connected".equals(stats.get("state")) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            stats = agent.stats();
        }
        assertThat(stats.get("state")).as("browser connection %s", stats).isEqualTo("connected");
    }

    private static double heard(AgentBrowser agent) {
        return ((Number) agent.stats().get("heard")).doubleValue();
    }
}

package cn.hotline.media.rtpengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.media.port.AgentLeg;
import cn.hotline.media.port.Codec;
import cn.hotline.media.port.FinishedRecording;
import cn.hotline.media.port.MediaServerException;
import cn.hotline.media.port.MonitorLeg;
import cn.hotline.media.port.MonitorMode;
import cn.hotline.media.port.Prompt;
import cn.hotline.media.port.RecordingLayout;
import cn.hotline.media.port.TrunkLeg;
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
 * An agent in headless Chromium (fake microphone) attached to a carrier's call on the real rtpengine: WebRTC (ICE,
 * DTLS-SRTP) to plain RTP, silent until bridged, audio both ways once bridged, hold and retrieve.
 */
class RtpengineAgentIT {

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
    void agentAndCallerHearEachOtherOnlyWhenBridgedAndTheCallerHearsMusicOnHold() throws Exception {
        Path microphone = Audio.tone(dir.resolve("agent-voice.wav"), 1000, 5);
        Path music = Audio.tone(dir.resolve("moh.wav"), 300, 5);
        CallId call = CallId.random();
        try (RtpPeer caller = new RtpPeer();
                AgentBrowser agent = new AgentBrowser(microphone)) {
            TrunkLeg trunk = media.answerTrunk(TENANT, call, caller.offer(), List.of(Codec.PCMA))
                    .block(Duration.ofSeconds(5));
            caller.sendToneTo(trunk.sdp(), 440);
            media.record(call, RecordingLayout.STEREO_CALLER_LEFT_AGENT_RIGHT).block(Duration.ofSeconds(5));
            long recordingStarted = System.nanoTime();

            AgentLeg leg =
                    media.attachAgent(TENANT, call, "agent-7", agent.offer()).block(Duration.ofSeconds(5));
            agent.answer(leg.sdpAnswer());
            awaitConnected(agent);

            Thread.sleep(1_500);
            caller.reset();
            agent.resetHeard();
            long receivedBefore = bytesReceived(agent);
            Thread.sleep(1_500);
            long callerLoudUnbridged = caller.loudPackets();
            double agentHeardUnbridged = heard(agent);
            long agentBytesUnbridged = bytesReceived(agent) - receivedBefore;

            media.bridge(trunk.leg(), leg.leg()).block(Duration.ofSeconds(5));
            Thread.sleep(500);
            caller.reset();
            agent.resetHeard();
            receivedBefore = bytesReceived(agent);
            Thread.sleep(2_000);
            long callerLoudBridged = caller.loudPackets();
            double callerEnergyBridged = caller.energy();
            double agentHeardBridged = heard(agent);
            long agentBytesBridged = bytesReceived(agent) - receivedBefore;

            media.hold(trunk.leg(), new Prompt.Music(music.toUri())).block(Duration.ofSeconds(5));
            Thread.sleep(500);
            caller.reset();
            agent.resetHeard();
            Thread.sleep(1_500);
            long callerLoudHeld = caller.loudPackets();
            long callerPacketsHeld = caller.packets();
            double agentHeardHeld = heard(agent);

            media.retrieve(trunk.leg()).block(Duration.ofSeconds(5));
            Thread.sleep(500);
            agent.resetHeard();
            Thread.sleep(1_500);
            double agentHeardRetrieved = heard(agent);

            FinishedRecording recording = media.release(call).blockLast(Duration.ofSeconds(10));
            Duration recorded = Duration.ofNanos(System.nanoTime() - recordingStarted);
            Wav wav = Wav.read(recording.file());
            System.out.printf("recording: %s (%s), expected ~%s%n", wav, recording.file(), recorded);
            assertThat(recording.partial()).isFalse();
            assertThat(wav.channels()).isEqualTo(2);
            assertThat(wav.sampleRate()).isEqualTo(8000);
            assertThat(wav.duration()).isCloseTo(recorded, Duration.ofSeconds(1));
            assertThat(recording.duration()).isEqualTo(wav.duration());
            assertThat(wav.leftEnergy()).as("the caller on the left").isGreaterThan(1000);
            assertThat(wav.rightEnergy()).as("the agent on the right").isGreaterThan(500);

            System.out.printf(
                    "agent leg: unbridged caller-loud=%d agent-heard=%.4f agent-bytes=%d; bridged caller-loud=%d"
                            + " caller-energy=%.0f agent-heard=%.4f agent-bytes=%d; held caller-loud=%d caller-packets=%d agent-heard=%.4f;"
                            + " retrieved agent-heard=%.4f%n",
                    callerLoudUnbridged,
                    agentHeardUnbridged,
                    agentBytesUnbridged,
                    callerLoudBridged,
                    callerEnergyBridged,
                    agentHeardBridged,
                    agentBytesBridged,
                    callerLoudHeld,
                    callerPacketsHeld,
                    agentHeardHeld,
                    agentHeardRetrieved);
            assertThat(leg.sdpAnswer()).contains("UDP/TLS/RTP/SAVPF", "a=fingerprint:", "a=ice-ufrag:", "a=ice-lite");
            assertThat(callerLoudUnbridged)
                    .as("the caller hears the agent before the bridge")
                    .isLessThan(5);
            assertThat(agentHeardUnbridged)
                    .as("the agent hears the caller before the bridge")
                    .isLessThan(0.01);
            assertThat(callerLoudBridged)
                    .as("packets of the agent's voice at the caller")
                    .isGreaterThan(50);
            assertThat(agentBytesBridged).as("RTP bytes at the agent").isGreaterThan(10_000);
            assertThat(agentHeardBridged).as("the caller's tone at the agent").isGreaterThan(0.05);
            assertThat(callerLoudHeld).as("music on hold at the caller").isGreaterThan(40);
            assertThat(callerPacketsHeld)
                    .as("packets at the held caller (music only)")
                    .isLessThan(95);
            assertThat(agentHeardHeld).as("the agent hears the held caller").isLessThan(0.01);
            assertThat(agentHeardRetrieved)
                    .as("the caller's tone after retrieve")
                    .isGreaterThan(0.05);
        }
    }

    @Test
    void anAgentWhoseBrowserDroppedRejoinsTheSameCall() throws Exception {
        Path microphone = Audio.tone(dir.resolve("agent-voice-rejoin.wav"), 1000, 5);
        CallId call = CallId.random();
        try (RtpPeer caller = new RtpPeer()) {
            TrunkLeg trunk = media.answerTrunk(TENANT, call, caller.offer(), List.of(Codec.PCMA))
                    .block(Duration.ofSeconds(5));
            caller.sendToneTo(trunk.sdp(), 440);
            try (AgentBrowser first = new AgentBrowser(microphone)) {
                AgentLeg leg = media.attachAgent(TENANT, call, "agent-7", first.offer())
                        .block(Duration.ofSeconds(5));
                first.answer(leg.sdpAnswer());
                media.bridge(trunk.leg(), leg.leg()).block(Duration.ofSeconds(5));
                awaitConnected(first);
            } // the browser is gone (tab closed, network lost)
            Thread.sleep(1_000);

            try (AgentBrowser second = new AgentBrowser(microphone)) {
                AgentLeg again = media.attachAgent(TENANT, call, "agent-7", second.offer())
                        .block(Duration.ofSeconds(5));
                second.answer(again.sdpAnswer());
                media.bridge(trunk.leg(), again.leg()).block(Duration.ofSeconds(5));
                awaitConnected(second);
                Thread.sleep(1_000);
                caller.reset();
                second.resetHeard();
                Thread.sleep(2_000);
                long callerLoud = caller.loudPackets();
                double agentHeard = heard(second);
                media.release(call).blockLast(Duration.ofSeconds(10));

                System.out.printf("rejoined: caller-loud=%d agent-heard=%.4f%n", callerLoud, agentHeard);
                assertThat(callerLoud)
                        .as("the rejoined agent's voice at the caller")
                        .isGreaterThan(50);
                assertThat(agentHeard).as("the caller at the rejoined agent").isGreaterThan(0.05);
            }
        }
    }

    @Test
    void aSupervisorListensToCallerAndAgentAndNobodyHearsTheSupervisor() throws Exception {
        Path microphone = Audio.tone(dir.resolve("agent-voice-2.wav"), 1000, 5);
        Path supervisorMicrophone = Audio.tone(dir.resolve("supervisor-voice.wav"), 600, 5);
        CallId call = CallId.random();
        try (RtpPeer caller = new RtpPeer();
                AgentBrowser agent = new AgentBrowser(microphone);
                AgentBrowser supervisor = new AgentBrowser(supervisorMicrophone)) {
            TrunkLeg trunk = media.answerTrunk(TENANT, call, caller.offer(), List.of(Codec.PCMA))
                    .block(Duration.ofSeconds(5));
            caller.sendToneTo(trunk.sdp(), 440);
            AgentLeg leg =
                    media.attachAgent(TENANT, call, "agent-7", agent.offer()).block(Duration.ofSeconds(5));
            agent.answer(leg.sdpAnswer());
            media.bridge(trunk.leg(), leg.leg()).block(Duration.ofSeconds(5));
            awaitConnected(agent);

            List<MonitorLeg> monitors = media.offerMonitor(TENANT, call, "supervisor-1", MonitorMode.LISTEN)
                    .collectList()
                    .block(Duration.ofSeconds(5));
            for (MonitorLeg monitor : monitors) {
                String answer = supervisor.answerOffer(monitor.sdpOffer());
                media.completeMonitor(monitor.leg(), answer).block(Duration.ofSeconds(5));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!supervisor.monitorStates().stream().allMatch("connected"::equals) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            List<String> statesAtStart = supervisor.monitorStates();
            Thread.sleep(1_000);
            supervisor.resetHeard();
            caller.reset();
            Thread.sleep(2_000);
            double supervisorHeard = heard(supervisor);
            long supervisorBytes = bytesReceived(supervisor);
            long callerPackets = caller.packets();
            List<String> statesAtEnd = supervisor.monitorStates();
            media.release(call).blockLast(Duration.ofSeconds(10));

            System.out.printf(
                    "monitor LISTEN: supervisor-heard=%.4f supervisor-bytes=%d caller-packets=%d states %s -> %s%n",
                    supervisorHeard, supervisorBytes, callerPackets, statesAtStart, statesAtEnd);
            assertThat(monitors).hasSize(2).allSatisfy(monitor -> assertThat(monitor.sdpOffer())
                    .contains("a=sendonly", "a=fingerprint:"));
            assertThat(statesAtStart).containsExactly("connected", "connected");
            assertThat(statesAtEnd).containsExactly("connected", "connected");
            assertThat(supervisorHeard).as("the supervisor hears the call").isGreaterThan(0.05);
            assertThat(callerPackets)
                    .as("only the agent's stream reaches the caller")
                    .isLessThan(130);
        }
    }

    @Test
    void whisperAndBargeAreRefusedForWantOfAMixer() {
        CallId call = CallId.random();
        try (RtpPeer caller = new RtpPeer()) {
            media.answerTrunk(TENANT, call, caller.offer(), List.of(Codec.PCMA)).block(Duration.ofSeconds(5));

            for (MonitorMode mode : List.of(MonitorMode.WHISPER, MonitorMode.BARGE)) {
                assertThatThrownBy(() -> media.offerMonitor(TENANT, call, "supervisor-1", mode)
                                .blockLast(Duration.ofSeconds(5)))
                        .isInstanceOfSatisfying(MediaServerException.class, e -> assertThat(e.reason())
                                .isEqualTo(MediaServerException.Reason.UNSUPPORTED));
            }
        } finally {
            media.release(call).blockLast(Duration.ofSeconds(5));
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

    private static long bytesReceived(AgentBrowser agent) {
        return ((Number) agent.stats().get("bytesReceived")).longValue();
    }

    private static double heard(AgentBrowser agent) {
        return ((Number) agent.stats().get("heard")).doubleValue();
    }
}

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
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whisper and barge on rtpengine with Janus AudioBridge as the mixer (three-way: {@code MediaServerContract}), proven
 * by ear: every party
 * sends its own tone (caller 440 Hz over plain RTP, agent 1000 Hz and supervisor / second agent 1800 Hz from headless
 * Chromium's fake microphone) and each side measures which tones it hears. Levels are polled with generous deadlines
 * (a loaded 2-core machine), never timed.
 */
class RtpengineMixerIT {

    private static final TenantId TENANT = TenantId.of("shushan");
    private static final double CALLER_HZ = 440;
    private static final double AGENT_HZ = 1000;
    private static final double THIRD_HZ = 1800;
    /** Goertzel amplitude at a plain-RTP peer: a tone there gives thousands, its absence tens. */
    private static final double PEER_HEARS = 250;

    private static final double PEER_SILENT = 150;
    /** Analyser level (dB) in a browser: a tone there is around -30 to -50 dB, its absence below -80 dB. */
    private static final double BROWSER_HEARS = -60;

    private static final double BROWSER_SILENT = -70;

    @TempDir
    static Path dir;

    private static RtpengineMediaServer media;

    @BeforeAll
    static void connect() {
        media = RtpengineFixture.connectWithMixer(dir.resolve("spool"));
    }

    @AfterAll
    static void close() {
        media.close();
    }

    @Test
    void aWhisperingSupervisorIsHeardByTheAgentOnlyAndABargingOneByTheCallerTooOnceTheAgentIsBridged()
            throws Exception {
        CallId call = CallId.random();
        try (RtpPeer caller = new RtpPeer();
                AgentBrowser agent = new AgentBrowser(Audio.tone(dir.resolve("agent.wav"), AGENT_HZ, 5));
                AgentBrowser supervisor = new AgentBrowser(Audio.tone(dir.resolve("supervisor.wav"), THIRD_HZ, 5))) {
            TrunkLeg early = media.answerTrunk(TENANT, call, caller.offer(), List.of(Codec.PCMA))
                    .block(Duration.ofSeconds(10));
            assertThatThrownBy(() -> media.offerMonitor(TENANT, call, "supervisor-1", MonitorMode.WHISPER)
                            .blockLast(Duration.ofSeconds(10)))
                    .as("no whisper before an agent is bridged")
                    .isInstanceOfSatisfying(MediaServerException.class, e -> assertThat(e.reason())
                            .isEqualTo(MediaServerException.Reason.UNSUPPORTED));
            TrunkLeg trunk = answeredCall(call, early, caller, agent).trunk();
            media.record(call, RecordingLayout.STEREO_CALLER_LEFT_AGENT_RIGHT).block(Duration.ofSeconds(5));
            double agentHearsToneBeforeSupervisor = agent.toneLevel(THIRD_HZ);

            List<MonitorLeg> legs = media.offerMonitor(TENANT, call, "supervisor-1", MonitorMode.WHISPER)
                    .collectList()
                    .block(Duration.ofSeconds(20));
            assertThat(legs).hasSize(1);
            String answer = supervisor.answerOfferTalking(legs.get(0).sdpOffer());
            media.completeMonitor(legs.get(0).leg(), answer).block(Duration.ofSeconds(20));

            double agentHearsSupervisor = awaitAbove(() -> agent.toneLevel(THIRD_HZ), BROWSER_HEARS);
            double agentHearsCaller = awaitAbove(() -> agent.toneLevel(CALLER_HZ), BROWSER_HEARS);
            double supervisorHearsCaller = awaitAbove(() -> supervisor.toneLevel(CALLER_HZ), BROWSER_HEARS);
            double supervisorHearsAgent = awaitAbove(() -> supervisor.toneLevel(AGENT_HZ), BROWSER_HEARS);
            double callerHearsAgent = awaitAbove(() -> caller.toneLevel(AGENT_HZ), PEER_HEARS);
            double callerHearsSupervisorInWhisper = caller.toneLevel(THIRD_HZ);
            System.out.printf(
                    "WHISPER: agent hears supervisor %.1f dB (before it joined %.1f dB), caller %.1f dB; supervisor hears caller %.1f dB, agent"
                            + " %.1f dB; caller hears agent %.0f, supervisor %.0f%n",
                    agentHearsSupervisor,
                    agentHearsToneBeforeSupervisor,
                    agentHearsCaller,
                    supervisorHearsCaller,
                    supervisorHearsAgent,
                    callerHearsAgent,
                    callerHearsSupervisorInWhisper);
            assertThat(agentHearsToneBeforeSupervisor)
                    .as("no supervisor's tone before the supervisor joins")
                    .isLessThan(BROWSER_SILENT);
            assertThat(agentHearsSupervisor).as("the agent hears the whisper").isGreaterThan(BROWSER_HEARS);
            assertThat(agentHearsCaller).as("the agent still hears the caller").isGreaterThan(BROWSER_HEARS);
            assertThat(supervisorHearsCaller)
                    .as("the supervisor hears the caller")
                    .isGreaterThan(BROWSER_HEARS);
            assertThat(supervisorHearsAgent)
                    .as("the supervisor hears the agent")
                    .isGreaterThan(BROWSER_HEARS);
            assertThat(callerHearsAgent).as("the caller hears the agent").isGreaterThan(PEER_HEARS);
            assertThat(callerHearsSupervisorInWhisper)
                    .as("the caller does not hear the whisper")
                    .isLessThan(PEER_SILENT);

            media.changeMonitor(call, "supervisor-1", MonitorMode.BARGE).block(Duration.ofSeconds(10));
            double callerHearsSupervisorInBarge = awaitAbove(() -> caller.toneLevel(THIRD_HZ), PEER_HEARS);
            double callerHearsAgentInBarge = caller.toneLevel(AGENT_HZ);
            System.out.printf(
                    "BARGE: caller hears supervisor %.0f, agent %.0f%n",
                    callerHearsSupervisorInBarge, callerHearsAgentInBarge);
            assertThat(callerHearsSupervisorInBarge)
                    .as("the caller hears the barge")
                    .isGreaterThan(PEER_HEARS);
            assertThat(callerHearsAgentInBarge).as("and still the agent").isGreaterThan(PEER_HEARS);

            media.changeMonitor(call, "supervisor-1", MonitorMode.LISTEN).block(Duration.ofSeconds(10));
            double agentHearsSupervisorInListen = awaitBelow(() -> agent.toneLevel(THIRD_HZ), BROWSER_SILENT);
            double callerHearsSupervisorInListen = awaitBelow(() -> caller.toneLevel(THIRD_HZ), PEER_SILENT);
            System.out.printf(
                    "LISTEN again: agent hears supervisor %.1f dB, caller %.0f%n",
                    agentHearsSupervisorInListen, callerHearsSupervisorInListen);
            assertThat(agentHearsSupervisorInListen).isLessThan(BROWSER_SILENT);
            assertThat(callerHearsSupervisorInListen).isLessThan(PEER_SILENT);

            // whispering again, the agent's browser drops and a new page rejoins: it is mixed again at once
            media.changeMonitor(call, "supervisor-1", MonitorMode.WHISPER).block(Duration.ofSeconds(10));
            try (AgentBrowser again = new AgentBrowser(Audio.tone(dir.resolve("agent-again.wav"), AGENT_HZ, 5))) {
                agent.evaluate("() => pc.close()");
                AgentLeg rejoined = media.attachAgent(TENANT, call, "agent-7", again.offer())
                        .block(Duration.ofSeconds(20));
                again.answer(rejoined.sdpAnswer());
                awaitConnected(again);
                media.bridge(trunk.leg(), rejoined.leg()).block(Duration.ofSeconds(10));
                double rejoinedHearsSupervisor = awaitAbove(() -> again.toneLevel(THIRD_HZ), BROWSER_HEARS);
                double rejoinedHearsCaller = awaitAbove(() -> again.toneLevel(CALLER_HZ), BROWSER_HEARS);
                double callerHearsRejoined = awaitAbove(() -> caller.toneLevel(AGENT_HZ), PEER_HEARS);
                double supervisorHearsRejoined = awaitAbove(() -> supervisor.toneLevel(AGENT_HZ), BROWSER_HEARS);
                double callerHearsWhisperAfterRejoin = caller.toneLevel(THIRD_HZ);
                System.out.printf(
                        "REJOIN while whispering: agent hears supervisor %.1f dB, caller %.1f dB; caller hears agent"
                                + " %.0f, supervisor %.0f; supervisor hears agent %.1f dB%n",
                        rejoinedHearsSupervisor,
                        rejoinedHearsCaller,
                        callerHearsRejoined,
                        callerHearsWhisperAfterRejoin,
                        supervisorHearsRejoined);
                assertThat(rejoinedHearsSupervisor)
                        .as("the rejoined agent hears the whisper")
                        .isGreaterThan(BROWSER_HEARS);
                assertThat(rejoinedHearsCaller).as("and the caller").isGreaterThan(BROWSER_HEARS);
                assertThat(callerHearsRejoined)
                        .as("the caller hears the rejoined agent")
                        .isGreaterThan(PEER_HEARS);
                assertThat(supervisorHearsRejoined)
                        .as("the supervisor hears the rejoined agent")
                        .isGreaterThan(BROWSER_HEARS);
                assertThat(callerHearsWhisperAfterRejoin)
                        .as("the caller still does not hear the whisper")
                        .isLessThan(PEER_SILENT);
            }
            assertThat(trunk.codec()).isEqualTo(Codec.PCMA);

            FinishedRecording recording = media.release(call).blockLast(Duration.ofSeconds(20));
            Wav wav = Wav.read(recording.file());
            System.out.printf("recording of the monitored call: %s%n", wav);
            assertThat(wav.leftEnergy()).as("the caller on the left").isGreaterThan(1000);
            assertThat(wav.rightEnergy()).as("the agent on the right").isGreaterThan(500);
        } finally {
            media.release(call).blockLast(Duration.ofSeconds(20));
        }
    }

    private record Answered(TrunkLeg trunk, AgentLeg agent) {}

    /** The answered caller sends 440 Hz; an agent is attached from the browser and bridged. */
    private static Answered answeredCall(CallId call, TrunkLeg trunk, RtpPeer caller, AgentBrowser agent)
            throws InterruptedException {
        caller.sendToneTo(trunk.sdp(), CALLER_HZ);
        AgentLeg leg = media.attachAgent(TENANT, call, "agent-7", agent.offer()).block(Duration.ofSeconds(10));
        agent.answer(leg.sdpAnswer());
        awaitConnected(agent);
        media.bridge(trunk.leg(), leg.leg()).block(Duration.ofSeconds(10));
        awaitAbove(() -> agent.toneLevel(CALLER_HZ), BROWSER_HEARS);
        return new Answered(trunk, leg);
    }

    /** Polls until the level is above the threshold (or 20 s passed) and returns the last level read. */
    private static double awaitAbove(DoubleSupplier level, double threshold) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        double last = level.getAsDouble();
        while (last <= threshold && System.nanoTime() < deadline) {
            Thread.sleep(250);
            last = level.getAsDouble();
        }
        return last;
    }

    private static double awaitBelow(DoubleSupplier level, double threshold) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        double last = level.getAsDouble();
        while (last >= threshold && System.nanoTime() < deadline) {
            Thread.sleep(250);
            last = level.getAsDouble();
        }
        return last;
    }

    private static void awaitConnected(AgentBrowser browser) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Map<String, Object> stats = browser.stats();
        while (!"connected".equals(stats.get("state")) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            stats = browser.stats();
        }
        assertThat(stats.get("state")).as("browser connection %s", stats).isEqualTo("connected");
    }
}

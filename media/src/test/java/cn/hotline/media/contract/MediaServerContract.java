package cn.hotline.media.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.media.port.AgentLeg;
import cn.hotline.media.port.Codec;
import cn.hotline.media.port.Digit;
import cn.hotline.media.port.FinishedRecording;
import cn.hotline.media.port.LegId;
import cn.hotline.media.port.MediaServer;
import cn.hotline.media.port.MediaServerException;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;

/**
 * What call-cloud relies on from any {@link MediaServer}, proven against the adapter's real server with a plain-RTP
 * carrier ({@link RtpPeer}) and a headless-Chromium agent ({@link AgentBrowser}). Subclasses give the adapter.
 */
public abstract class MediaServerContract {

    protected static final TenantId TENANT = TenantId.of("contract");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    protected Path dir;

    /** The adapter under test, connected to its real server. */
    protected abstract MediaServer media();

    /** An unknown leg in the adapter's own format. */
    protected abstract LegId unknownLeg(CallId call);

    @Test
    void answersACarrierOfferInTheFirstCodecWeTakeThatItOffers() {
        CallId call = CallId.random();
        try (RtpPeer carrier = new RtpPeer()) {
            TrunkLeg trunk = media().answerTrunk(TENANT, call, carrier.offer(), List.of(Codec.PCMU, Codec.PCMA))
                    .block(WAIT);

            assertThat(trunk.codec()).isEqualTo(Codec.PCMU);
            assertThat(trunk.sdp()).containsPattern("(?m)^m=audio [1-9][0-9]* RTP/AVP 0");
        } finally {
            media().release(call).blockLast(WAIT);
        }
    }

    @Test
    void aPromptReachesTheCarrierAndItsDigitsReachUs() throws Exception {
        CallId call = CallId.random();
        List<Digit> digits = new CopyOnWriteArrayList<>();
        try (RtpPeer carrier = new RtpPeer()) {
            TrunkLeg trunk = media().answerTrunk(TENANT, call, carrier.offer(), List.of(Codec.PCMA))
                    .block(WAIT);
            Disposable listening = media().digits(trunk.leg()).subscribe(digits::add);
            media().play(
                            trunk.leg(),
                            new Prompt.File(
                                    Audio.tone(dir.resolve("menu.wav"), 440, 2).toUri()))
                    .block(WAIT);
            carrier.sendToneTo(trunk.sdp(), 300);
            Thread.sleep(1_000);
            carrier.sendDigit(trunk.sdp(), 1);
            carrier.sendDigit(trunk.sdp(), 11);
            Thread.sleep(500);
            media().stopPlaying(trunk.leg()).block(WAIT);
            listening.dispose();

            assertThat(carrier.loudPackets())
                    .as("prompt packets at the carrier")
                    .isGreaterThan(30);
            assertThat(digits).extracting(Digit::key).containsExactly('1', '#');
            assertThat(digits).allSatisfy(digit -> assertThat(digit.leg()).isEqualTo(trunk.leg()));
        } finally {
            media().release(call).blockLast(WAIT);
        }
    }

    @Test
    void anAgentHearsTheCallerAndIsHeardOnceBridgedAndTheCallIsRecordedInStereo() throws Exception {
        CallId call = CallId.random();
        try (RtpPeer caller = new RtpPeer();
                AgentBrowser agent = new AgentBrowser(Audio.tone(dir.resolve("agent.wav"), 1000, 5))) {
            TrunkLeg trunk = media().answerTrunk(TENANT, call, caller.offer(), List.of(Codec.PCMA))
                    .block(WAIT);
            media().record(call, RecordingLayout.STEREO_CALLER_LEFT_AGENT_RIGHT).block(WAIT);
            caller.sendToneTo(trunk.sdp(), 440);
            AgentLeg leg =
                    media().attachAgent(TENANT, call, "agent-1", agent.offer()).block(WAIT);
            agent.answer(leg.sdpAnswer());
            media().bridge(trunk.leg(), leg.leg()).block(WAIT);
            awaitConnected(agent);
            Thread.sleep(1_000);
            caller.reset();
            agent.resetHeard();
            Thread.sleep(2_000);
            long callerHeard = caller.loudPackets();
            double agentHeard = ((Number) agent.stats().get("heard")).doubleValue();

            List<FinishedRecording> recordings =
                    media().release(call).collectList().block(WAIT);

            assertThat(callerHeard).as("agent's voice at the caller").isGreaterThan(50);
            assertThat(agentHeard).as("caller's tone at the agent").isGreaterThan(0.05);
            assertThat(recordings).singleElement().satisfies(recording -> {
                Wav wav = Wav.read(recording.file());
                assertThat(wav.channels()).isEqualTo(2);
                assertThat(wav.sampleRate()).isEqualTo(8000);
                assertThat(wav.leftEnergy()).isGreaterThan(1_000);
                assertThat(wav.rightEnergy()).isGreaterThan(300);
                assertThat(recording.partial()).isFalse();
            });
        }
    }

    @Test
    void operationsOnUnknownLegsFailWithUnknownLegAndReleasingAnUnknownCallIsFine() {
        CallId call = CallId.random();

        assertThatThrownBy(() -> media().play(
                                unknownLeg(call),
                                new Prompt.File(dir.resolve("x.wav").toUri()))
                        .block(WAIT))
                .isInstanceOfSatisfying(MediaServerException.class, e -> assertThat(e.reason())
                        .isEqualTo(MediaServerException.Reason.UNKNOWN_LEG));
        assertThatThrownBy(() ->
                        media().attachAgent(TENANT, call, "agent-1", "v=0").block(WAIT))
                .isInstanceOfSatisfying(MediaServerException.class, e -> assertThat(e.reason())
                        .isEqualTo(MediaServerException.Reason.UNKNOWN_LEG));
        assertThat(media().release(call).collectList().block(WAIT)).isEmpty();
    }

    @Test
    void anotherTenantCannotAttachToACall() {
        CallId call = CallId.random();
        try (RtpPeer carrier = new RtpPeer()) {
            media().answerTrunk(TENANT, call, carrier.offer(), List.of(Codec.PCMA))
                    .block(WAIT);

            assertThatThrownBy(() -> media().attachAgent(TenantId.of("other-tenant"), call, "agent-1", "v=0")
                            .block(WAIT))
                    .isInstanceOfSatisfying(MediaServerException.class, e -> assertThat(e.reason())
                            .isEqualTo(MediaServerException.Reason.UNKNOWN_LEG));
        } finally {
            media().release(call).blockLast(WAIT);
        }
    }

    @Test
    void inAThreeWayCallEachPartyHearsTheOtherTwoAndAnAttachedParticipantNothingBefore() throws Exception {
        CallId call = CallId.random();
        try (RtpPeer caller = new RtpPeer();
                AgentBrowser agent = new AgentBrowser(Audio.tone(dir.resolve("agent-3.wav"), 1000, 5));
                AgentBrowser second = new AgentBrowser(Audio.tone(dir.resolve("second-3.wav"), 1800, 5))) {
            TrunkLeg trunk = media().answerTrunk(TENANT, call, caller.offer(), List.of(Codec.PCMA))
                    .block(WAIT);
            caller.sendToneTo(trunk.sdp(), 440);
            AgentLeg leg =
                    media().attachAgent(TENANT, call, "agent-1", agent.offer()).block(WAIT);
            agent.answer(leg.sdpAnswer());
            media().bridge(trunk.leg(), leg.leg()).block(WAIT);
            awaitConnected(agent);
            AgentLeg secondLeg = media().attachParticipant(TENANT, call, "agent-2", second.offer())
                    .block(WAIT);
            second.answer(secondLeg.sdpAnswer());
            awaitConnected(second);
            double secondHearsCallerBefore = awaitLevel(() -> second.toneLevel(440), level -> level > -60, 3);

            media().conference(call, List.of(trunk.leg(), leg.leg(), secondLeg.leg()))
                    .block(Duration.ofSeconds(20));

            double callerHearsAgent = awaitLevel(() -> caller.toneLevel(1000), level -> level > 250, 20);
            double callerHearsSecond = awaitLevel(() -> caller.toneLevel(1800), level -> level > 250, 20);
            double agentHearsCaller = awaitLevel(() -> agent.toneLevel(440), level -> level > -60, 20);
            double agentHearsSecond = awaitLevel(() -> agent.toneLevel(1800), level -> level > -60, 20);
            double secondHearsCaller = awaitLevel(() -> second.toneLevel(440), level -> level > -60, 20);
            double secondHearsAgent = awaitLevel(() -> second.toneLevel(1000), level -> level > -60, 20);
            System.out.printf(
                    "three-way: caller hears agent %.0f, second %.0f; agent hears caller %.1f dB, second %.1f dB;"
                            + " second hears caller %.1f dB (%.1f dB before the conference), agent %.1f dB%n",
                    callerHearsAgent,
                    callerHearsSecond,
                    agentHearsCaller,
                    agentHearsSecond,
                    secondHearsCaller,
                    secondHearsCallerBefore,
                    secondHearsAgent);
            assertThat(secondHearsCallerBefore)
                    .as("an attached participant hears nothing before the conference")
                    .isLessThan(-70);
            assertThat(callerHearsAgent).as("caller hears the agent").isGreaterThan(250);
            assertThat(callerHearsSecond).as("caller hears the second agent").isGreaterThan(250);
            assertThat(agentHearsCaller).as("agent hears the caller").isGreaterThan(-60);
            assertThat(agentHearsSecond).as("agent hears the second agent").isGreaterThan(-60);
            assertThat(secondHearsCaller).as("second agent hears the caller").isGreaterThan(-60);
            assertThat(secondHearsAgent).as("second agent hears the agent").isGreaterThan(-60);
        } finally {
            media().release(call).blockLast(Duration.ofSeconds(20));
        }
    }

    @Test
    void twoAgentsTalkWhileTheHeldCallerHearsOnlyMusicThenTheCallerJoinsAndTheFirstAgentLeaves() throws Exception {
        CallId call = CallId.random();
        Path music = Audio.tone(dir.resolve("moh-consult.wav"), 300, 30);
        try (RtpPeer caller = new RtpPeer();
                AgentBrowser agent = new AgentBrowser(Audio.tone(dir.resolve("agent-c.wav"), 1000, 5));
                AgentBrowser consulted = new AgentBrowser(Audio.tone(dir.resolve("consulted-c.wav"), 1600, 5))) {
            // a carrier (or a SIP phone such as baresip) that signals its SSRC: the browsers must still take the mix
            TrunkLeg trunk = media().answerTrunk(
                            TENANT, call, caller.offer() + "a=ssrc:305419896 cname:carrier\r\n", List.of(Codec.PCMA))
                    .block(WAIT);
            caller.sendToneTo(trunk.sdp(), 440);
            // as in a live call: the caller waits with music, then an agent answers
            media().play(trunk.leg(), new Prompt.Music(music.toUri())).block(WAIT);
            Thread.sleep(500);
            AgentLeg leg =
                    media().attachAgent(TENANT, call, "agent-1", agent.offer()).block(WAIT);
            media().stopPlaying(trunk.leg()).block(WAIT);
            agent.answer(leg.sdpAnswer());
            media().bridge(trunk.leg(), leg.leg()).block(WAIT);
            media().record(call, RecordingLayout.STEREO_CALLER_LEFT_AGENT_RIGHT).block(WAIT);
            awaitConnected(agent);
            awaitLevel(() -> caller.toneLevel(1000), level -> level > 250, 20);
            media().hold(trunk.leg(), new Prompt.Music(music.toUri())).block(WAIT);
            AgentLeg consultedLeg = media().attachParticipant(TENANT, call, "agent-2", consulted.offer())
                    .block(WAIT);
            consulted.answer(consultedLeg.sdpAnswer());
            awaitConnected(consulted);

            // consultation: the two agents talk, the caller keeps its music
            media().conference(call, List.of(leg.leg(), consultedLeg.leg())).block(Duration.ofSeconds(20));

            double agentHearsConsulted = awaitLevel(() -> agent.toneLevel(1600), level -> level > -60, 20);
            double consultedHearsAgent = awaitLevel(() -> consulted.toneLevel(1000), level -> level > -60, 20);
            Thread.sleep(1500);
            double heldHearsMusic = caller.toneLevel(300);
            double heldHearsAgent = caller.toneLevel(1000);
            double heldHearsConsulted = caller.toneLevel(1600);
            double agentHearsHeld = agent.toneLevel(440);
            double consultedHearsHeld = consulted.toneLevel(440);
            System.out.printf(
                    "consultation: agent hears consulted %.1f dB, consulted hears agent %.1f dB; held caller hears"
                            + " music %.0f, agent %.0f, consulted %.0f; caller heard by agent %.1f dB, consulted"
                            + " %.1f dB%n",
                    agentHearsConsulted,
                    consultedHearsAgent,
                    heldHearsMusic,
                    heldHearsAgent,
                    heldHearsConsulted,
                    agentHearsHeld,
                    consultedHearsHeld);
            assertThat(agentHearsConsulted)
                    .as("agent hears the consulted agent")
                    .isGreaterThan(-60);
            assertThat(consultedHearsAgent)
                    .as("consulted agent hears the agent")
                    .isGreaterThan(-60);
            assertThat(heldHearsMusic).as("the held caller hears its music").isGreaterThan(250);
            assertThat(heldHearsAgent)
                    .as("the held caller does not hear the agent")
                    .isLessThan(100);
            assertThat(heldHearsConsulted)
                    .as("the held caller does not hear the consulted")
                    .isLessThan(100);
            // "not heard": under the heard threshold and 25 dB under the tone the listener does hear (a strong
            // 1000 / 1600 Hz tone leaks some −40 dB of itself into the 440 Hz measurement: −66 dB was measured)
            assertThat(agentHearsHeld)
                    .as("the agent does not hear the held caller")
                    .isLessThan(Math.min(-60, agentHearsConsulted - 25));
            assertThat(consultedHearsHeld)
                    .as("the consulted does not hear the held caller")
                    .isLessThan(Math.min(-60, consultedHearsAgent - 25));

            // three-way: the caller joins, its music stops
            media().conference(call, List.of(trunk.leg(), leg.leg())).block(Duration.ofSeconds(20));

            double callerHearsAgent = awaitLevel(() -> caller.toneLevel(1000), level -> level > 250, 20);
            double callerHearsConsulted = awaitLevel(() -> caller.toneLevel(1600), level -> level > 250, 20);
            double musicAfter = awaitLevel(() -> caller.toneLevel(300), level -> level < 100, 10);
            double agentHearsCaller = awaitLevel(() -> agent.toneLevel(440), level -> level > -60, 20);
            double consultedHearsCaller = awaitLevel(() -> consulted.toneLevel(440), level -> level > -60, 20);
            System.out.printf(
                    "three-way after consultation: caller hears agent %.0f, consulted %.0f, music %.0f; agent hears"
                            + " caller %.1f dB; consulted hears caller %.1f dB%n",
                    callerHearsAgent, callerHearsConsulted, musicAfter, agentHearsCaller, consultedHearsCaller);
            assertThat(callerHearsAgent).as("caller hears the agent").isGreaterThan(250);
            assertThat(callerHearsConsulted).as("caller hears the consulted").isGreaterThan(250);
            assertThat(musicAfter).as("no more music for the caller").isLessThan(100);
            assertThat(agentHearsCaller).as("agent hears the caller").isGreaterThan(-60);
            assertThat(consultedHearsCaller).as("consulted hears the caller").isGreaterThan(-60);

            // the first agent leaves: caller and consulted agent still hear each other, nobody hears the agent
            media().leaveConference(call, leg.leg()).block(Duration.ofSeconds(20));

            double callerHearsLeft = awaitLevel(() -> caller.toneLevel(1000), level -> level < 100, 10);
            double consultedHearsLeft = awaitLevel(() -> consulted.toneLevel(1000), level -> level < -70, 10);
            double leftHearsCaller = awaitLevel(() -> agent.toneLevel(440), level -> level < -70, 10);
            double callerStillHearsConsulted = caller.toneLevel(1600);
            double consultedStillHearsCaller = consulted.toneLevel(440);
            System.out.printf(
                    "after the agent left: caller hears consulted %.0f, the left agent %.0f; consulted hears caller"
                            + " %.1f dB, the left agent %.1f dB; the left agent hears the caller %.1f dB%n",
                    callerStillHearsConsulted,
                    callerHearsLeft,
                    consultedStillHearsCaller,
                    consultedHearsLeft,
                    leftHearsCaller);
            assertThat(callerStillHearsConsulted)
                    .as("caller still hears the consulted")
                    .isGreaterThan(250);
            assertThat(consultedStillHearsCaller)
                    .as("consulted still hears the caller")
                    .isGreaterThan(-60);
            assertThat(callerHearsLeft)
                    .as("caller no longer hears the agent who left")
                    .isLessThan(100);
            assertThat(consultedHearsLeft)
                    .as("consulted no longer hears the agent who left")
                    .isLessThan(Math.min(-60, consultedStillHearsCaller - 25));
            assertThat(leftHearsCaller).as("the agent who left hears nothing").isLessThan(-70);
            assertThatThrownBy(() -> media().leaveConference(call, leg.leg()).block(WAIT))
                    .isInstanceOfSatisfying(MediaServerException.class, e -> assertThat(e.reason())
                            .isEqualTo(MediaServerException.Reason.UNKNOWN_LEG));
        } finally {
            media().release(call).blockLast(Duration.ofSeconds(20));
        }
    }

    @Test
    void anotherTenantCannotAddAPartyToACall() {
        CallId call = CallId.random();
        try (RtpPeer carrier = new RtpPeer()) {
            media().answerTrunk(TENANT, call, carrier.offer(), List.of(Codec.PCMA))
                    .block(WAIT);

            assertThatThrownBy(() -> media().attachParticipant(TenantId.of("other-tenant"), call, "agent-2", "v=0")
                            .block(WAIT))
                    .isInstanceOfSatisfying(MediaServerException.class, e -> assertThat(e.reason())
                            .isEqualTo(MediaServerException.Reason.UNKNOWN_LEG));
        } finally {
            media().release(call).blockLast(WAIT);
        }
    }

    /** Polls a level until {@code heard} holds or {@code seconds} passed; returns the last level read. */
    private static double awaitLevel(
            java.util.function.DoubleSupplier level, java.util.function.DoublePredicate heard, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        double last = level.getAsDouble();
        while (!heard.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            last = level.getAsDouble();
        }
        return last;
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
}

package cn.hotline.media.kurento;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.media.port.AgentLeg;
import cn.hotline.media.port.Codec;
import cn.hotline.media.port.MediaServerException;
import cn.hotline.media.port.MonitorMode;
import cn.hotline.media.port.Prompt;
import cn.hotline.media.port.RecordingLayout;
import cn.hotline.media.port.TrunkLeg;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kurento.client.KurentoClient;
import org.kurento.jsonrpc.client.JsonRpcClientLocal;

/** The pipelines the Kurento adapter builds, seen as the JSON-RPC requests Kurento Media Server would receive. */
class KurentoMediaServerTest {

    private static final TenantId TENANT = TenantId.of("shushan");
    private static final Duration WAIT = Duration.ofSeconds(5);

    private ScriptedKms kms;
    private KurentoMediaServer media;
    private final CallId call = CallId.random();

    @BeforeEach
    void connect() {
        kms = new ScriptedKms();
        media = new KurentoMediaServer(
                KurentoClient.createFromJsonRpcClient(new JsonRpcClientLocal(kms)),
                Path.of("/var/spool/recordings"),
                Clock.systemUTC());
    }

    @AfterEach
    void close() {
        media.close();
    }

    private TrunkLeg trunk() {
        return media.answerTrunk(TENANT, call, "v=0 carrier offer", List.of(Codec.PCMA))
                .block(WAIT);
    }

    private AgentLeg agent(String name) {
        return media.attachAgent(TENANT, call, name, "v=0 browser offer").block(WAIT);
    }

    @Test
    void aTrunkLegIsAnRtpEndpointInTheCallsPipelineThatAnswersTheCarrier() {
        TrunkLeg trunk = trunk();

        assertThat(trunk.sdp()).isEqualTo("v=0 answer from RtpEndpoint#2");
        assertThat(kms.take())
                .containsExactly(
                        "create MediaPipeline()",
                        "create RtpEndpoint(mediaPipeline=MediaPipeline#1)",
                        "RtpEndpoint#2.processOffer(offer=<sdp>)");
    }

    @Test
    void anAgentIsAWebRtcEndpointBridgedBothWaysWithTheTrunk() {
        TrunkLeg trunk = trunk();
        kms.take();

        AgentLeg agent = agent("agent-7");
        media.bridge(trunk.leg(), agent.leg()).block(WAIT);

        assertThat(agent.sdpAnswer()).isEqualTo("v=0 answer from WebRtcEndpoint#3");
        assertThat(kms.take())
                .containsExactly(
                        "create WebRtcEndpoint(mediaPipeline=MediaPipeline#1)",
                        "WebRtcEndpoint#3.processOffer(offer=<sdp>)",
                        "WebRtcEndpoint#3.gatherCandidates()",
                        "RtpEndpoint#2.connect(sink=WebRtcEndpoint#3, mediaType=AUDIO)",
                        "WebRtcEndpoint#3.connect(sink=RtpEndpoint#2, mediaType=AUDIO)");
    }

    @Test
    void aPromptIsAPlayerConnectedToTheLegAndHoldDisconnectsTheLegFromTheOthers() {
        TrunkLeg trunk = trunk();
        AgentLeg agent = agent("agent-7");
        media.bridge(trunk.leg(), agent.leg()).block(WAIT);
        kms.take();

        media.hold(trunk.leg(), new Prompt.Music(URI.create("file:///prompts/moh.wav")))
                .block(WAIT);

        assertThat(kms.take())
                .containsExactly(
                        "RtpEndpoint#2.disconnect(sink=WebRtcEndpoint#3)",
                        "WebRtcEndpoint#3.disconnect(sink=RtpEndpoint#2)",
                        "create PlayerEndpoint(mediaPipeline=MediaPipeline#1, uri=file:///prompts/moh.wav)",
                        "PlayerEndpoint#4.connect(sink=RtpEndpoint#2, mediaType=AUDIO)",
                        "subscribe PlayerEndpoint#4 EndOfStream",
                        "PlayerEndpoint#4.play()");

        media.retrieve(trunk.leg()).block(WAIT);

        assertThat(kms.take())
                .containsExactly(
                        "PlayerEndpoint#4.stop()",
                        "release PlayerEndpoint#4",
                        "RtpEndpoint#2.connect(sink=WebRtcEndpoint#3, mediaType=AUDIO)",
                        "WebRtcEndpoint#3.connect(sink=RtpEndpoint#2, mediaType=AUDIO)");
    }

    @Test
    void aSupervisorListensThroughACompositeOfCallerAndAgentAndIsHeardByNobody() {
        TrunkLeg trunk = trunk();
        AgentLeg agent = agent("agent-7");
        AgentLeg supervisor = agent("supervisor-1");
        kms.take();

        media.monitor(call, supervisor.leg(), MonitorMode.LISTEN).block(WAIT);

        assertThat(kms.take())
                .containsExactly(
                        "create Composite(mediaPipeline=MediaPipeline#1)",
                        "create HubPort(hub=Composite#5)",
                        "create HubPort(hub=Composite#5)",
                        "RtpEndpoint#2.connect(sink=HubPort#7, mediaType=AUDIO)",
                        "create HubPort(hub=Composite#5)",
                        "WebRtcEndpoint#3.connect(sink=HubPort#8, mediaType=AUDIO)",
                        "HubPort#6.connect(sink=WebRtcEndpoint#4, mediaType=AUDIO)");
        assertThat(trunk.leg()).isNotEqualTo(agent.leg());
    }

    @Test
    void aWhisperingSupervisorIsMixedWithTheCallerIntoTheAgentWhileTheCallerStillHearsOnlyTheAgent() {
        trunk();
        agent("agent-7");
        AgentLeg supervisor = agent("supervisor-1");
        kms.take();

        media.monitor(call, supervisor.leg(), MonitorMode.WHISPER).block(WAIT);

        List<String> requests = kms.take();
        // the supervisor's ear (Composite#5) as for LISTEN, then the agent's ear (Composite#9): caller + supervisor
        assertThat(requests)
                .containsSubsequence(
                        "HubPort#6.connect(sink=WebRtcEndpoint#4, mediaType=AUDIO)",
                        "create Composite(mediaPipeline=MediaPipeline#1)",
                        "create HubPort(hub=Composite#9)",
                        "create HubPort(hub=Composite#9)",
                        "RtpEndpoint#2.connect(sink=HubPort#11, mediaType=AUDIO)",
                        "create HubPort(hub=Composite#9)",
                        "WebRtcEndpoint#4.connect(sink=HubPort#12, mediaType=AUDIO)",
                        "HubPort#10.connect(sink=WebRtcEndpoint#3, mediaType=AUDIO)");
        // a Kurento sink has one source: nothing connects straight into the agent (it would replace the caller)
        // and nothing new reaches the caller
        assertThat(requests)
                .noneMatch(line -> line.contains(".connect(sink=WebRtcEndpoint#3") && !line.startsWith("HubPort#"))
                .noneMatch(line -> line.contains(".connect(sink=RtpEndpoint#2"));
    }

    @Test
    void aBargingSupervisorSendsIntoAndHearsFromItsOwnPortOfOneCompositeLikeCallerAndAgent() {
        trunk();
        agent("agent-7");
        AgentLeg supervisor = agent("supervisor-1");
        kms.take();

        media.monitor(call, supervisor.leg(), MonitorMode.BARGE).block(WAIT);

        assertThat(kms.take())
                .containsExactly(
                        "create Composite(mediaPipeline=MediaPipeline#1)",
                        "create HubPort(hub=Composite#5)",
                        "RtpEndpoint#2.connect(sink=HubPort#6, mediaType=AUDIO)",
                        "HubPort#6.connect(sink=RtpEndpoint#2, mediaType=AUDIO)",
                        "create HubPort(hub=Composite#5)",
                        "WebRtcEndpoint#3.connect(sink=HubPort#7, mediaType=AUDIO)",
                        "HubPort#7.connect(sink=WebRtcEndpoint#3, mediaType=AUDIO)",
                        "create HubPort(hub=Composite#5)",
                        "WebRtcEndpoint#4.connect(sink=HubPort#8, mediaType=AUDIO)",
                        "HubPort#8.connect(sink=WebRtcEndpoint#4, mediaType=AUDIO)");
    }

    @Test
    void aThreeWayCallIsOneCompositeWithAPortPerPartyAndAnAttachedParticipantHearsNothingBefore() {
        TrunkLeg trunk = trunk();
        AgentLeg agent = agent("agent-7");
        kms.take();
        AgentLeg second = media.attachParticipant(TENANT, call, "agent-8", "v=0 second browser offer")
                .block(WAIT);
        assertThat(kms.take()).as("attached, connected to nothing").noneMatch(line -> line.contains(".connect("));

        media.conference(call, List.of(trunk.leg(), agent.leg(), second.leg())).block(WAIT);

        assertThat(kms.take())
                .containsExactly(
                        "create Composite(mediaPipeline=MediaPipeline#1)",
                        "create HubPort(hub=Composite#5)",
                        "RtpEndpoint#2.connect(sink=HubPort#6, mediaType=AUDIO)",
                        "HubPort#6.connect(sink=RtpEndpoint#2, mediaType=AUDIO)",
                        "create HubPort(hub=Composite#5)",
                        "WebRtcEndpoint#3.connect(sink=HubPort#7, mediaType=AUDIO)",
                        "HubPort#7.connect(sink=WebRtcEndpoint#3, mediaType=AUDIO)",
                        "create HubPort(hub=Composite#5)",
                        "WebRtcEndpoint#4.connect(sink=HubPort#8, mediaType=AUDIO)",
                        "HubPort#8.connect(sink=WebRtcEndpoint#4, mediaType=AUDIO)");
        media.conference(call, List.of(trunk.leg(), agent.leg())).block(WAIT);
        assertThat(kms.take()).as("members stay as they are").isEmpty();
    }

    @Test
    void aConsultationMixesTheTwoAgentsWhileTheCallerKeepsItsMusicThenTheCallerJoinsAndAnAgentLeaves() {
        TrunkLeg trunk = trunk();
        AgentLeg agent = agent("agent-7");
        media.bridge(trunk.leg(), agent.leg()).block(WAIT);
        media.hold(trunk.leg(), new Prompt.Music(URI.create("file:///prompts/moh.wav")))
                .block(WAIT);
        AgentLeg consulted = media.attachParticipant(TENANT, call, "agent-8", "v=0 second browser offer")
                .block(WAIT);
        kms.take();
        assertThatThrownBy(() -> media.conference(call, List.of(trunk.leg())).block(WAIT))
                .as("a new conference needs two legs")
                .isInstanceOfSatisfying(MediaServerException.class, e -> assertThat(e.reason())
                        .isEqualTo(MediaServerException.Reason.UNSUPPORTED));

        media.conference(call, List.of(agent.leg(), consulted.leg())).block(WAIT);

        assertThat(kms.take())
                .as("the two agents, the caller's music player untouched")
                .containsExactly(
                        "create Composite(mediaPipeline=MediaPipeline#1)",
                        "create HubPort(hub=Composite#7)",
                        "WebRtcEndpoint#3.connect(sink=HubPort#8, mediaType=AUDIO)",
                        "HubPort#8.connect(sink=WebRtcEndpoint#3, mediaType=AUDIO)",
                        "create HubPort(hub=Composite#7)",
                        "WebRtcEndpoint#6.connect(sink=HubPort#9, mediaType=AUDIO)",
                        "HubPort#9.connect(sink=WebRtcEndpoint#6, mediaType=AUDIO)");

        media.conference(call, List.of(trunk.leg(), agent.leg())).block(WAIT);

        assertThat(kms.take())
                .as("the caller's music stops and its port joins the same Composite")
                .containsExactly(
                        "PlayerEndpoint#4.stop()",
                        "release PlayerEndpoint#4",
                        "create HubPort(hub=Composite#7)",
                        "RtpEndpoint#2.connect(sink=HubPort#10, mediaType=AUDIO)",
                        "HubPort#10.connect(sink=RtpEndpoint#2, mediaType=AUDIO)");

        media.leaveConference(call, consulted.leg()).block(WAIT);

        assertThat(kms.take())
                .as("the consulted agent's port and endpoint are released, caller and agent keep theirs")
                .containsExactly("release HubPort#9", "release WebRtcEndpoint#6");
        assertThatThrownBy(() -> media.leaveConference(call, consulted.leg()).block(WAIT))
                .isInstanceOfSatisfying(MediaServerException.class, e -> assertThat(e.reason())
                        .isEqualTo(MediaServerException.Reason.UNKNOWN_LEG));
    }

    @Test
    void everyPartyIsRecordedByItsOwnRecorderAndReleaseStopsThemAndFreesThePipeline() {
        trunk();
        agent("agent-7");
        kms.take();

        media.record(call, RecordingLayout.STEREO_CALLER_LEFT_AGENT_RIGHT).block(WAIT);
        List<String> recording = kms.take();
        media.release(call).collectList().block(WAIT);

        assertThat(recording)
                .contains(
                        "RtpEndpoint#2.connect(sink=RecorderEndpoint#4, mediaType=AUDIO)",
                        "RecorderEndpoint#4.record()",
                        "WebRtcEndpoint#3.connect(sink=RecorderEndpoint#5, mediaType=AUDIO)",
                        "RecorderEndpoint#5.record()")
                .anyMatch(line -> line.startsWith("create RecorderEndpoint(mediaPipeline=MediaPipeline#1")
                        && line.contains("mediaProfile=WEBM_AUDIO_ONLY")
                        && line.contains("uri=file:///var/spool/recordings/" + call + "-" + call + "-trunk.webm"));
        assertThat(kms.take())
                .containsExactly(
                        "RecorderEndpoint#4.stopAndWait()",
                        "RecorderEndpoint#5.stopAndWait()",
                        "release MediaPipeline#1");
    }

    @Test
    void digitsAndUnknownLegsAreRefusedWithTheirReason() {
        TrunkLeg trunk = trunk();

        assertThatThrownBy(() -> media.digits(trunk.leg()).blockFirst(WAIT))
                .isInstanceOfSatisfying(MediaServerException.class, e -> assertThat(e.reason())
                        .isEqualTo(MediaServerException.Reason.UNSUPPORTED));
        // Kurento's RtpEndpoint has no DTMF sending: the agent's keys are refused, never silently dropped
        assertThatThrownBy(() -> media.sendDtmf(trunk.leg(), "1").block(WAIT))
                .isInstanceOfSatisfying(MediaServerException.class, e -> assertThat(e.reason())
                        .isEqualTo(MediaServerException.Reason.UNSUPPORTED));
        assertThatThrownBy(() -> media.bridge(trunk.leg(), KurentoMediaServer.legId(call, "agent-x"))
                        .block(WAIT))
                .isInstanceOfSatisfying(MediaServerException.class, e -> assertThat(e.reason())
                        .isEqualTo(MediaServerException.Reason.UNKNOWN_LEG));
    }
}

package cn.hotline.media.kurento;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.media.port.AgentLeg;
import cn.hotline.media.port.Codec;
import cn.hotline.media.port.MediaServerException;
import cn.hotline.media.port.MediaServerException.Reason;
import cn.hotline.media.port.MonitorLeg;
import cn.hotline.media.port.MonitorMode;
import cn.hotline.media.port.TrunkLeg;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kurento.client.KurentoClient;
import org.kurento.jsonrpc.client.JsonRpcClientLocal;

/**
 * The pipelines of a supervisor who joins with a leg Kurento offers ({@code offerMonitor} / {@code completeMonitor} /
 * {@code changeMonitor}), as the JSON-RPC requests Kurento Media Server would receive ({@link ScriptedKms}: Kurento
 * Media Server cannot be installed on these machines). After {@code trunk()} and {@code agent()}: MediaPipeline#1, the
 * caller RtpEndpoint#2, the agent WebRtcEndpoint#3; the supervisor's offered leg is WebRtcEndpoint#4.
 */
class KurentoMonitorPipelinesTest {

    private static final TenantId TENANT = TenantId.of("shushan");
    private static final Duration WAIT = Duration.ofSeconds(5);

    /** The supervisor's own ear (Composite#5, output HubPort#6): caller and agent, built in every mode. */
    private static final List<String> SUPERVISOR_EAR = List.of(
            "create WebRtcEndpoint(mediaPipeline=MediaPipeline#1)",
            "create Composite(mediaPipeline=MediaPipeline#1)",
            "create HubPort(hub=Composite#5)",
            "create HubPort(hub=Composite#5)",
            "RtpEndpoint#2.connect(sink=HubPort#7, mediaType=AUDIO)",
            "create HubPort(hub=Composite#5)",
            "WebRtcEndpoint#3.connect(sink=HubPort#8, mediaType=AUDIO)",
            "HubPort#6.connect(sink=WebRtcEndpoint#4, mediaType=AUDIO)");

    /** The agent's ear (Composite#9, output HubPort#10): the caller, then the supervisor's port HubPort#12. */
    private static final List<String> AGENT_EAR = List.of(
            "create Composite(mediaPipeline=MediaPipeline#1)",
            "create HubPort(hub=Composite#9)",
            "create HubPort(hub=Composite#9)",
            "RtpEndpoint#2.connect(sink=HubPort#11, mediaType=AUDIO)",
            "RtpEndpoint#2.disconnect(sink=WebRtcEndpoint#3)",
            "HubPort#10.connect(sink=WebRtcEndpoint#3, mediaType=AUDIO)",
            "create HubPort(hub=Composite#9)",
            "WebRtcEndpoint#4.connect(sink=HubPort#12, mediaType=AUDIO)");

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

    /** A caller bridged with an agent; forgets the requests that made them. */
    private void bridgedCall() {
        TrunkLeg trunk = media.answerTrunk(TENANT, call, "v=0 carrier offer", List.of(Codec.PCMA))
                .block(WAIT);
        AgentLeg agent =
                media.attachAgent(TENANT, call, "agent-7", "v=0 browser offer").block(WAIT);
        media.bridge(trunk.leg(), agent.leg()).block(WAIT);
        kms.take();
    }

    private MonitorLeg offer(String supervisor, MonitorMode mode) {
        List<MonitorLeg> legs =
                media.offerMonitor(TENANT, call, supervisor, mode).collectList().block(WAIT);
        assertThat(legs).as("one talking leg per supervisor").hasSize(1);
        return legs.getFirst();
    }

    private static <T> List<T> concat(List<T> first, List<T> second, List<T> third) {
        return java.util.stream.Stream.of(first, second, third)
                .flatMap(List::stream)
                .toList();
    }

    @Test
    void aListeningSupervisorIsOfferedALegThatHearsACompositeOfCallerAndAgentAndFeedsNobody() {
        bridgedCall();

        MonitorLeg leg = offer("supervisor-1", MonitorMode.LISTEN);

        assertThat(leg.sdpOffer()).isEqualTo("v=0 offer from WebRtcEndpoint#4");
        assertThat(leg.mode()).isEqualTo(MonitorMode.LISTEN);
        assertThat(leg.leg()).isEqualTo(KurentoMediaServer.legId(call, "supervisor-supervisor-1"));
        List<String> requests = kms.take();
        assertThat(requests)
                .containsExactlyElementsOf(
                        concat(SUPERVISOR_EAR, List.of("WebRtcEndpoint#4.generateOffer()"), List.of()));
        assertThat(requests)
                .as("the supervisor's leg is connected into nothing")
                .noneMatch(line -> line.startsWith("WebRtcEndpoint#4.connect("));
    }

    @Test
    void theBrowsersAnswerCompletesTheOfferedLegAndOnlyAMonitoringLegCanBeCompleted() {
        bridgedCall();
        MonitorLeg leg = offer("supervisor-1", MonitorMode.LISTEN);
        kms.take();

        media.completeMonitor(leg.leg(), "v=0 supervisor's answer").block(WAIT);

        assertThat(kms.take())
                .containsExactly("WebRtcEndpoint#4.processAnswer(answer=<sdp>)", "WebRtcEndpoint#4.gatherCandidates()");
        assertThatThrownBy(() -> media.completeMonitor(KurentoMediaServer.legId(call, "agent-agent-7"), "v=0")
                        .block(WAIT))
                .isInstanceOfSatisfying(
                        MediaServerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_LEG));
        assertThat(kms.take())
                .as("nothing sent for a leg that is not a monitoring leg")
                .isEmpty();
    }

    @Test
    void aWhisperingSupervisorIsMixedWithTheCallerIntoTheAgentAndNothingNewReachesTheCaller() {
        bridgedCall();

        offer("supervisor-1", MonitorMode.WHISPER);

        List<String> requests = kms.take();
        assertThat(requests)
                .containsExactlyElementsOf(
                        concat(SUPERVISOR_EAR, AGENT_EAR, List.of("WebRtcEndpoint#4.generateOffer()")));
        assertThat(requests)
                .as("the caller still hears only the agent, directly")
                .noneMatch(line -> line.contains("sink=RtpEndpoint#2"));
    }

    @Test
    void bargingBuildsTheCallersEarAndListeningAgainReleasesTheSupervisorsPortsButKeepsTheEars() {
        bridgedCall();
        offer("supervisor-1", MonitorMode.WHISPER);
        kms.take();

        media.changeMonitor(call, "supervisor-1", MonitorMode.BARGE).block(WAIT);

        // the caller's ear (Composite#13, output HubPort#14): the agent, then the supervisor's port HubPort#16
        assertThat(kms.take())
                .containsExactly(
                        "create Composite(mediaPipeline=MediaPipeline#1)",
                        "create HubPort(hub=Composite#13)",
                        "create HubPort(hub=Composite#13)",
                        "WebRtcEndpoint#3.connect(sink=HubPort#15, mediaType=AUDIO)",
                        "WebRtcEndpoint#3.disconnect(sink=RtpEndpoint#2)",
                        "HubPort#14.connect(sink=RtpEndpoint#2, mediaType=AUDIO)",
                        "create HubPort(hub=Composite#13)",
                        "WebRtcEndpoint#4.connect(sink=HubPort#16, mediaType=AUDIO)");

        media.changeMonitor(call, "supervisor-1", MonitorMode.LISTEN).block(WAIT);

        assertThat(kms.take())
                .containsExactly(
                        "WebRtcEndpoint#4.disconnect(sink=HubPort#12)",
                        "release HubPort#12",
                        "WebRtcEndpoint#4.disconnect(sink=HubPort#16)",
                        "release HubPort#16");

        media.changeMonitor(call, "supervisor-1", MonitorMode.WHISPER).block(WAIT);

        assertThat(kms.take())
                .as("the agent's ear is reused: only a new port for the supervisor")
                .containsExactly(
                        "create HubPort(hub=Composite#9)",
                        "WebRtcEndpoint#4.connect(sink=HubPort#17, mediaType=AUDIO)");
    }

    @Test
    void aModeChangeToTheSameModeSendsNothing() {
        bridgedCall();
        offer("supervisor-1", MonitorMode.BARGE);
        kms.take();

        media.changeMonitor(call, "supervisor-1", MonitorMode.BARGE).block(WAIT);

        assertThat(kms.take()).isEmpty();
    }

    @Test
    void monitoringIsRefusedForAnotherTenantAnUnknownSupervisorACallWithoutAgentAndASecondLegOfTheSameSupervisor() {
        media.answerTrunk(TENANT, call, "v=0 carrier offer", List.of(Codec.PCMA))
                .block(WAIT);
        assertThatThrownBy(() -> offer("supervisor-1", MonitorMode.LISTEN))
                .as("no agent yet")
                .isInstanceOfSatisfying(
                        MediaServerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_LEG));
        media.attachAgent(TENANT, call, "agent-7", "v=0 browser offer").block(WAIT);
        kms.take();

        assertThatThrownBy(() -> media.offerMonitor(TenantId.of("nanning"), call, "supervisor-1", MonitorMode.LISTEN)
                        .blockLast(WAIT))
                .isInstanceOfSatisfying(
                        MediaServerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_LEG));
        assertThatThrownBy(() -> media.changeMonitor(call, "supervisor-1", MonitorMode.BARGE)
                        .block(WAIT))
                .isInstanceOfSatisfying(
                        MediaServerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_LEG));
        assertThat(kms.take()).as("refusals change nothing").isEmpty();

        offer("supervisor-1", MonitorMode.LISTEN);
        kms.take();
        assertThatThrownBy(() -> offer("supervisor-1", MonitorMode.WHISPER))
                .isInstanceOfSatisfying(
                        MediaServerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED));
        assertThat(kms.take()).isEmpty();
    }
}

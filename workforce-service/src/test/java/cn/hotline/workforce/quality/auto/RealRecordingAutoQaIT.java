package cn.hotline.workforce.quality.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.security.Role;
import cn.hotline.media.port.Codec;
import cn.hotline.media.port.FinishedRecording;
import cn.hotline.media.port.RecordingLayout;
import cn.hotline.media.port.TrunkLeg;
import cn.hotline.media.recording.ArchiveResult;
import cn.hotline.media.recording.RecordingArchive;
import cn.hotline.media.recording.RecordingMetadata;
import cn.hotline.media.rtpengine.RtpengineMediaServer;
import cn.hotline.media.rtpengine.RtpengineProperties;
import cn.hotline.media.testing.RtpPeer;
import cn.hotline.workforce.testing.TenantEvents;
import cn.hotline.workforce.testing.WorkforceServiceTest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Automatic QA of a recording the media plane really made: two RTP peers (caller and agent, G.711 A-law over loopback)
 * bridged by the real rtpengine through media's {@link RtpengineMediaServer}, recorded stereo, archived to S3Mock with
 * media's archive as call-cloud does; then call-cloud's {@code CallRecorded} starts the analysis, and its signals are
 * what was sent: the caller talks 2 s, both are silent 3 s, the agent talks 3 s (with a second of mutual silence at
 * each end). The tolerance is what scheduling on a shared machine costs (the sender's timers), not the analysis.
 */
@WorkforceServiceTest
class RealRecordingAutoQaIT {

    private static final double TOLERANCE_SECONDS = 0.3;

    @LocalServerPort
    int port;

    @Autowired
    RecordingArchive archive;

    @TempDir
    Path dir;

    @Test
    void signalsOfACallRecordedByRtpengineMatchWhatThePartiesSent() throws Exception {
        TenantEvents events = new TenantEvents().provision();
        TenantId tenant = TenantId.of(events.tenant);
        StackEndpoints stack = TestStack.endpoints();
        CallId call = CallId.random();
        FinishedRecording finished;
        Instant start;
        try (RtpengineMediaServer media = RtpengineMediaServer.connect(
                        RtpengineProperties.of(
                                stack.rtpengineNgUrl(),
                                stack.rtpengineNgTcpUrl(),
                                Path.of(stack.rtpengineRecordingDir()),
                                dir.resolve("spool")),
                        Clock.systemUTC());
                RtpPeer caller = new RtpPeer();
                RtpPeer agent = new RtpPeer()) {
            TrunkLeg trunk = media.answerTrunk(tenant, call, caller.offer(), List.of(Codec.PCMA))
                    .block(Duration.ofSeconds(5));
            TrunkLeg agentLeg =
                    media.offerTrunk(tenant, call, List.of(Codec.PCMA)).block(Duration.ofSeconds(5));
            media.completeTrunk(agentLeg.leg(), agent.offer()).block(Duration.ofSeconds(5));
            media.bridge(trunk.leg(), agentLeg.leg()).block(Duration.ofSeconds(5));
            caller.mute(true);
            agent.mute(true);
            start = Instant.now();
            media.record(call, RecordingLayout.STEREO_CALLER_LEFT_AGENT_RIGHT).block(Duration.ofSeconds(5));
            caller.sendToneTo(trunk.sdp(), 440);
            agent.sendToneTo(agentLeg.sdp(), 700);
            Thread.sleep(1_000); // both silent
            caller.mute(false);
            Thread.sleep(2_000); // the caller talks
            caller.mute(true);
            Thread.sleep(3_000); // both silent: the longest silence
            agent.mute(false);
            Thread.sleep(3_000); // the agent talks
            agent.mute(true);
            Thread.sleep(1_000); // both silent
            finished = media.release(call).blockLast(Duration.ofSeconds(10));
        }
        assertThat(finished).isNotNull();
        ArchiveResult result = archive.archive(tenant, finished, List.of("agent-7"), start, "PCMA")
                .block(Duration.ofSeconds(30));
        assertThat(result).isInstanceOf(ArchiveResult.Uploaded.class);
        RecordingMetadata stored = ((ArchiveResult.Uploaded) result).recording().metadata();

        events.recorded(
                UUID.randomUUID(),
                call.value(),
                finished.recording(),
                "calls/" + call + ".wav",
                stored.duration().toMillis(),
                stored.sha256(),
                List.of("agent-7"),
                start);

        WebTestClient http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60))
                .build();
        String boss = AutoQaIT.token(events.tenant, Role.SUPERVISOR);
        JsonNode signals = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (signals == null && System.nanoTime() < deadline) {
            var response = http.get()
                    .uri("/tenants/{t}/quality/calls/{c}/auto-qa", events.tenant, call.value())
                    .headers(h -> h.setBearerAuth(boss))
                    .exchange()
                    .expectBody(JsonNode.class)
                    .returnResult();
            if (response.getStatus().value() == 200) {
                signals = response.getResponseBody().path("signals");
            } else {
                Thread.sleep(250);
            }
        }
        assertThat(signals).as("auto-QA result after CallRecorded").isNotNull();
        System.out.println("RealRecordingAutoQaIT measured signals: " + signals);
        double duration = signals.path("durationSeconds").asDouble();
        assertThat(duration).isCloseTo(10, within(1.0));
        assertThat(signals.path("callerSpeechSeconds").asDouble()).isCloseTo(2, within(TOLERANCE_SECONDS));
        assertThat(signals.path("agentSpeechSeconds").asDouble()).isCloseTo(3, within(TOLERANCE_SECONDS));
        assertThat(signals.path("talkOverSeconds").asDouble()).isCloseTo(0, within(0.1));
        assertThat(signals.path("longestSilenceSeconds").asDouble()).isCloseTo(3, within(TOLERANCE_SECONDS));
        double silence = duration
                - signals.path("callerSpeechSeconds").asDouble()
                - signals.path("agentSpeechSeconds").asDouble();
        assertThat(signals.path("silenceShare").asDouble()).isCloseTo(silence / duration, within(0.01));
        assertThat(signals.path("silenceShare").asDouble()).isCloseTo(0.5, within(0.08));
        assertThat(signals.path("agentTalkRatio").asDouble()).isCloseTo(0.6, within(0.05));
    }
}

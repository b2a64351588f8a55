package cn.hotline.media.recording;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.media.port.Codec;
import cn.hotline.media.port.FinishedRecording;
import cn.hotline.media.port.RecordingLayout;
import cn.hotline.media.port.TrunkLeg;
import cn.hotline.media.rtpengine.RtpengineMediaServer;
import cn.hotline.media.rtpengine.RtpengineProperties;
import cn.hotline.media.storage.ObjectStorage;
import cn.hotline.media.testing.RtpPeer;
import cn.hotline.media.testing.Wav;
import io.minio.MinioAsyncClient;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * From the media server to the store: a call recorded by the real rtpengine is archived in S3Mock and played through
 * an audited presigned link; what is played is the recording, with the call's duration and the caller's audio.
 */
class RecordedCallIT {

    private static final TenantId TENANT = TenantId.of("recorded");

    @TempDir
    Path dir;

    @Test
    void aRecordedCallReachesTheTenantsBucketWithItsDurationAndPlaysThroughAnAuditedLink() throws Exception {
        StackEndpoints stack = TestStack.endpoints();
        ObjectStorage storage = new ObjectStorage(MinioAsyncClient.builder()
                .endpoint(stack.s3Endpoint().toString())
                .region(stack.s3Region())
                .credentials(stack.s3AccessKey(), stack.s3SecretKey())
                .build());
        InMemoryRecordingAudit audit = new InMemoryRecordingAudit();
        RecordingArchive archive = new RecordingArchive(
                storage, audit, dir.resolve("archive-spool"), Clock.systemUTC(), RecordingArchive.Settings.defaults());
        CallId call = CallId.random();
        try (RtpengineMediaServer media = RtpengineMediaServer.connect(
                        RtpengineProperties.of(
                                stack.rtpengineNgUrl(),
                                stack.rtpengineNgTcpUrl(),
                                Path.of(stack.rtpengineRecordingDir()),
                                dir.resolve("spool")),
                        Clock.systemUTC());
                RtpPeer caller = new RtpPeer()) {
            TrunkLeg trunk = media.answerTrunk(TENANT, call, caller.offer(), List.of(Codec.PCMA))
                    .block(Duration.ofSeconds(5));
            Instant start = Instant.now();
            media.record(call, RecordingLayout.STEREO_CALLER_LEFT_AGENT_RIGHT).block(Duration.ofSeconds(5));
            long begin = System.nanoTime();
            caller.sendToneTo(trunk.sdp(), 440);
            Thread.sleep(3_000);
            FinishedRecording finished = media.release(call).blockLast(Duration.ofSeconds(10));
            Duration talked = Duration.ofNanos(System.nanoTime() - begin);

            ArchiveResult result = archive.archive(
                            TENANT,
                            finished,
                            List.of("agent-7"),
                            start,
                            trunk.codec().name())
                    .block(Duration.ofSeconds(20));
            URI link = archive.link(TENANT, call, "qa-li", AuditEntry.Action.PLAY, "complaint 2026-118")
                    .block(Duration.ofSeconds(10));
            byte[] played = WebClient.create()
                    .get()
                    .uri(link)
                    .retrieve()
                    .bodyToMono(byte[].class)
                    .block(Duration.ofSeconds(10));

            assertThat(result).isInstanceOf(ArchiveResult.Uploaded.class);
            RecordingMetadata stored =
                    ((ArchiveResult.Uploaded) result).recording().metadata();
            assertThat(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(played)))
                    .isEqualTo(stored.sha256());
            Wav wav = Wav.read(played);
            assertThat(wav.duration()).isCloseTo(talked, Duration.ofSeconds(1));
            assertThat(stored.duration()).isEqualTo(wav.duration());
            assertThat(wav.leftEnergy()).as("the caller, non-silent").isGreaterThan(1_000);
            assertThat(stored.codec()).isEqualTo("PCMA");
            assertThat(audit.entries(TENANT, call).collectList().block())
                    .singleElement()
                    .satisfies(entry -> assertThat(entry.who()).isEqualTo("qa-li"));
        }
    }
}

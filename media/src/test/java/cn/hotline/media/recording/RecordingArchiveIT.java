package cn.hotline.media.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.media.port.FinishedRecording;
import cn.hotline.media.storage.ObjectStorage;
import cn.hotline.media.testing.Audio;
import cn.hotline.media.testing.TcpProxy;
import io.minio.MinioAsyncClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.reactive.function.client.WebClient;

/** Recordings into the real S3 store (S3Mock): metadata, retention, audited links, spool when the store is down. */
class RecordingArchiveIT {

    private static final Instant START = Instant.parse("2026-11-24T01:00:00Z");

    @TempDir
    Path dir;

    private static StackEndpoints stack;

    @BeforeAll
    static void stack() {
        stack = TestStack.endpoints();
    }

    private static ObjectStorage storage(URI endpoint) {
        return new ObjectStorage(MinioAsyncClient.builder()
                .endpoint(endpoint.toString())
                .region(stack.s3Region())
                .credentials(stack.s3AccessKey(), stack.s3SecretKey())
                .build());
    }

    private static TenantId tenant() {
        return TenantId.of("t" + Long.toHexString(System.nanoTime()));
    }

    private FinishedRecording finished(CallId call, double seconds) {
        Path wav = Audio.tone(dir.resolve("incoming").resolve(call + ".wav"), 440, seconds);
        return new FinishedRecording(call, call.toString(), wav, Duration.ofMillis((long) (seconds * 1000)), false);
    }

    @Test
    void uploadsWithMetadataAndRetentionAndPlaysThroughAnAuditedShortLivedLink() throws Exception {
        InMemoryRecordingAudit audit = new InMemoryRecordingAudit();
        RecordingArchive archive = new RecordingArchive(
                storage(stack.s3Endpoint()),
                audit,
                dir.resolve("spool"),
                Clock.fixed(START.plusSeconds(30), ZoneOffset.UTC),
                RecordingArchive.Settings.defaults());
        TenantId tenant = tenant();
        CallId call = CallId.random();
        FinishedRecording recording = finished(call, 2);
        String expectedSha = sha256(Files.readAllBytes(recording.file()));

        ArchiveResult result = archive.archive(tenant, recording, List.of("agent-7"), START, "PCMA")
                .block(Duration.ofSeconds(20));

        assertThat(result).isInstanceOf(ArchiveResult.Uploaded.class);
        RecordingMetadata stored =
                archive.find(tenant, call).block(Duration.ofSeconds(10)).metadata();
        assertThat(stored.sha256()).isEqualTo(expectedSha);
        assertThat(stored.agents()).containsExactly("agent-7");
        assertThat(stored.duration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(stored.codec()).isEqualTo("PCMA");
        assertThat(stored.retentionUntil()).isAfterOrEqualTo(START.plus(Duration.ofDays(366)));
        assertThat(archive.pending()).isEmpty();

        URI link = archive.link(tenant, call, "qa-li", AuditEntry.Action.PLAY, "quality check 2026-11")
                .block(Duration.ofSeconds(10));
        byte[] played = WebClient.create()
                .get()
                .uri(link)
                .retrieve()
                .bodyToMono(byte[].class)
                .block(Duration.ofSeconds(10));

        assertThat(sha256(played)).isEqualTo(expectedSha);
        assertThat(link.getQuery()).contains("X-Amz-Expires=300");
        assertThat(audit.entries(tenant, call).collectList().block())
                .singleElement()
                .satisfies(entry -> {
                    assertThat(entry.who()).isEqualTo("qa-li");
                    assertThat(entry.action()).isEqualTo(AuditEntry.Action.PLAY);
                    assertThat(entry.why()).isEqualTo("quality check 2026-11");
                    assertThat(entry.at()).isEqualTo(START.plusSeconds(30));
                });
    }

    @Test
    void refusesDeletionBeforeRetentionEndsAndAnotherTenantCannotReachTheRecording() {
        InMemoryRecordingAudit audit = new InMemoryRecordingAudit();
        RecordingArchive archive = new RecordingArchive(
                storage(stack.s3Endpoint()),
                audit,
                dir.resolve("spool"),
                Clock.fixed(START.plus(Duration.ofDays(365)), ZoneOffset.UTC),
                RecordingArchive.Settings.defaults());
        TenantId tenant = tenant();
        TenantId other = tenant();
        CallId call = CallId.random();
        archive.archive(tenant, finished(call, 1), List.of("agent-7"), START, "PCMA")
                .block(Duration.ofSeconds(20));

        assertThatThrownBy(() ->
                        archive.delete(tenant, call, "admin-wang", "cleanup").block(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.code()).isEqualTo(ProblemCode.CONFLICT);
                    assertThat(e.properties()).containsEntry("rule", "recording-retention");
                });
        assertThat(archive.find(tenant, call).block(Duration.ofSeconds(10))).isNotNull();
        assertThat(audit.entries(tenant, call)
                        .map(AuditEntry::action)
                        .collectList()
                        .block())
                .containsExactly(AuditEntry.Action.DELETE_REFUSED);

        assertThatThrownBy(() -> archive.link(other, call, "qa-zhao", AuditEntry.Action.DOWNLOAD, "curious")
                        .block(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.code()).isEqualTo(ProblemCode.NOT_FOUND));
        assertThat(audit.entries(other, call).collectList().block()).isEmpty();
    }

    @Test
    void expiryRemovesRecordingsPastRetentionExceptUnderLegalHold() {
        InMemoryRecordingAudit audit = new InMemoryRecordingAudit();
        ObjectStorage storage = storage(stack.s3Endpoint());
        TenantId tenant = tenant();
        CallId kept = CallId.random();
        CallId expired = CallId.random();
        RecordingArchive now = new RecordingArchive(
                storage,
                audit,
                dir.resolve("spool"),
                Clock.fixed(START, ZoneOffset.UTC),
                RecordingArchive.Settings.defaults());
        now.archive(tenant, finished(kept, 1), List.of("agent-1"), START, "PCMA")
                .block(Duration.ofSeconds(20));
        now.archive(tenant, finished(expired, 1), List.of("agent-2"), START, "PCMA")
                .block(Duration.ofSeconds(20));
        now.legalHold(tenant, kept, "legal-chen", "complaint 2026-118").block(Duration.ofSeconds(10));
        assertThat(now.expire(tenant).collectList().block(Duration.ofSeconds(20)))
                .isEmpty();

        RecordingArchive later = new RecordingArchive(
                storage,
                audit,
                dir.resolve("spool"),
                Clock.fixed(START.plus(Duration.ofDays(367)), ZoneOffset.UTC),
                RecordingArchive.Settings.defaults());

        assertThat(later.expire(tenant).collectList().block(Duration.ofSeconds(20)))
                .containsExactly(expired);
        assertThat(later.find(tenant, kept).block(Duration.ofSeconds(10))).isNotNull();
        assertThatThrownBy(() ->
                        later.delete(tenant, kept, "admin-wang", "cleanup").block(Duration.ofSeconds(10)))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("legal hold");
    }

    @Test
    void aRecordingMadeWhileTheStoreIsDownWaitsInTheSpoolAndIsUploadedWhenItIsBack() throws Exception {
        try (TcpProxy proxy = new TcpProxy(new InetSocketAddress(
                stack.s3Endpoint().getHost(), stack.s3Endpoint().getPort()))) {
            RecordingArchive archive = new RecordingArchive(
                    storage(URI.create("http://127.0.0.1:" + proxy.port())),
                    new InMemoryRecordingAudit(),
                    dir.resolve("spool"),
                    Clock.fixed(START, ZoneOffset.UTC),
                    RecordingArchive.Settings.defaults());
            TenantId tenant = tenant();
            CallId call = CallId.random();
            FinishedRecording recording = finished(call, 1);
            String expectedSha = sha256(Files.readAllBytes(recording.file()));
            proxy.down();

            ArchiveResult result = archive.archive(tenant, recording, List.of("agent-7"), START, "PCMA")
                    .block(Duration.ofSeconds(60));
            assertThat(result).isInstanceOf(ArchiveResult.Spooled.class);
            assertThat(archive.pending()).hasSize(1);
            assertThat(archive.retrySpooled().collectList().block(Duration.ofSeconds(60)))
                    .isEmpty();
            assertThat(archive.pending()).hasSize(1);

            proxy.up();
            List<StoredRecording> uploaded =
                    archive.retrySpooled().collectList().block(Duration.ofSeconds(30));

            assertThat(uploaded).extracting(r -> r.metadata().call()).containsExactly(call);
            assertThat(archive.pending()).isEmpty();
            assertThat(archive.find(tenant, call)
                            .block(Duration.ofSeconds(10))
                            .metadata()
                            .sha256())
                    .isEqualTo(expectedSha);
            assertThat(archive.failedUploads()).isGreaterThanOrEqualTo(2);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}

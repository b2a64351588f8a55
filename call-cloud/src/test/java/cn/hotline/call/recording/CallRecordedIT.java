package cn.hotline.call.recording;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentSkill;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.media.port.FinishedRecording;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A recording the archive stored is announced once as {@code CallRecorded} on the tenant's call-event topic (real
 * PostgreSQL, Pulsar and S3Mock), with the id, key, length, checksum and agents of what is in the bucket.
 */
@RealServers
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"cc.call.acd.follow-interval=100ms"})
class CallRecordedIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
    }

    @Autowired
    AcdManagement acd;

    @Autowired
    CallRecordings recordings;

    @Autowired
    PulsarClient pulsar;

    @TempDir
    Path spool;

    private static TenantId provisionedTenant() throws Exception {
        String slug = "recd-" + Uuids.v7().toString().substring(24);
        String admin = System.getProperty("CC_PULSAR_ADMIN_URL");
        HttpClient http = HttpClient.newHttpClient();
        for (String[] put : new String[][] {
            {"/admin/v2/tenants/" + slug, "{\"allowedClusters\":[\"standalone\"]}"},
            {"/admin/v2/namespaces/" + slug + "/calls", "{}"}
        }) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(admin + put[0]))
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(put[1]))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as(put[0] + ": " + response.body())
                    .isIn(200, 204);
        }
        return TenantId.of(slug);
    }

    /** A 1 s stereo 16-bit 8 kHz WAV of a tone on the caller's channel. */
    private static byte[] wav() {
        int frames = 8000;
        ByteBuffer pcm = ByteBuffer.allocate(frames * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            pcm.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0)));
            pcm.putShort((short) 0);
        }
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + frames * 4);
        header.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1);
        header.putShort((short) 2)
                .putInt(8000)
                .putInt(8000 * 4)
                .putShort((short) 4)
                .putShort((short) 16);
        header.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(frames * 4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        out.writeBytes(pcm.array());
        return out.toByteArray();
    }

    @Test
    void aStoredRecordingIsAnnouncedOnceOnTheTenantsCallEventTopic() throws Exception {
        TenantId tenant = provisionedTenant();
        AgentId agent = AgentId.of("7101");
        // the tenant's ACD writer (which runs the relay) starts with the tenant's first decision
        acd.enrol(tenant, agent, List.of(new AgentSkill(SkillId.of("general"), 5)))
                .then(acd.signIn(tenant, agent))
                .block(WAIT);
        CallId call = CallId.random();
        byte[] bytes = wav();
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        Path file = spool.resolve(call + ".wav");
        Files.write(file, bytes);
        Instant start = Instant.parse("2026-11-20T02:00:00Z");

        try (Consumer<byte[]> events = pulsar.newConsumer(Schema.BYTES)
                .topic("persistent://" + tenant.value() + "/calls/call-events")
                .subscriptionName("test")
                .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
                .subscribe()) {
            CallRecordings.Recorded recorded = recordings
                    .archive(
                            tenant,
                            new FinishedRecording(call, "rec-" + call, file, Duration.ofSeconds(1), false),
                            List.of("7101"),
                            start,
                            "PCMA")
                    .block(WAIT);
            assertThat(recorded).isNotNull();
            assertThat(recorded.status()).isEqualTo("UPLOADED");

            List<JsonNode> announced = new ArrayList<>();
            while (true) {
                Message<byte[]> message = events.receive(announced.isEmpty() ? 30 : 3, TimeUnit.SECONDS);
                if (message == null) {
                    break;
                }
                events.acknowledge(message);
                JsonNode envelope = JSON.readTree(new String(message.getValue(), StandardCharsets.UTF_8));
                if ("CallRecorded".equals(envelope.get("type").stringValue())) {
                    assertThat(message.getKey()).isEqualTo(tenant.value());
                    announced.add(envelope);
                }
            }
            assertThat(announced).as("CallRecorded events").hasSize(1);
            JsonNode envelope = announced.getFirst();
            assertThat(envelope.get("version").intValue()).isEqualTo(1);
            assertThat(envelope.get("tenant").get("value").stringValue()).isEqualTo(tenant.value());
            JsonNode payload = envelope.get("payload");
            assertThat(payload.get("callId").stringValue()).isEqualTo(call.toString());
            assertThat(payload.get("recordingId").stringValue()).isEqualTo("rec-" + call);
            assertThat(payload.get("objectKey").stringValue()).isEqualTo(recorded.key());
            assertThat(payload.get("durationMs").longValue()).isEqualTo(1000L);
            assertThat(payload.get("sha256").stringValue()).isEqualTo(sha).isEqualTo(recorded.sha256());
            assertThat(payload.get("agents").get(0).stringValue()).isEqualTo("7101");
            assertThat(Instant.parse(payload.get("startedAt").stringValue())).isEqualTo(start);
            assertThat(envelope.get("id").stringValue())
                    .isEqualTo(CallRecordedRelay.id(
                                    tenant,
                                    new CallRecorded(
                                            call.toString(),
                                            "rec-" + call,
                                            recorded.key(),
                                            1000,
                                            sha,
                                            List.of("7101"),
                                            start,
                                            Instant.EPOCH))
                            .toString());
        }
    }
}

package cn.hotline.workforce.quality.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.hotline.kernel.events.CallEvent;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.media.port.FinishedRecording;
import cn.hotline.media.recording.ArchiveResult;
import cn.hotline.media.recording.RecordingArchive;
import cn.hotline.workforce.testing.TenantEvents;
import cn.hotline.workforce.testing.WorkforceServiceTest;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Automatic QA through the HTTP API: constructed stereo recordings in the real S3 server (S3Mock) where media's archive
 * puts them, transcripts from an ASR endpoint over real HTTP (a small server in the test that answers with the
 * transcripts kept in src/test/resources, standing in for a self-hosted ASR) or stored by hand.
 */
@WorkforceServiceTest
class AutoQaIT {

    @LocalServerPort
    int port;

    @Autowired
    RecordingArchive archive;

    WebTestClient http;
    HttpServer asr;
    final Map<String, String> asrSaw = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60))
                .build();
        asr = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        asr.createContext("/v1/transcribe", exchange -> {
            byte[] wav = exchange.getRequestBody().readAllBytes();
            asrSaw.put(
                    "authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            asrSaw.put("call", String.valueOf(exchange.getRequestHeaders().getFirst("X-Call-Id")));
            asrSaw.put("bytes", Integer.toString(wav.length));
            byte[] answer;
            try (InputStream in = getClass().getResourceAsStream("/transcripts/good-call.json")) {
                answer = in.readAllBytes();
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        asr.start();
    }

    @AfterEach
    void stop() {
        asr.stop(0);
    }

    static String token(String tenant, Role role) {
        return TestTokens.mint(c -> c.issuer(TestTokens.ISSUER_BASE + "/t/" + tenant)
                .subject("u-" + role.name().toLowerCase(java.util.Locale.ROOT))
                .claim("tenant", tenant)
                .claim("roles", List.of(role.name())));
    }

    /** Archives the WAV the way call-cloud does after a recorded call: media's RecordingArchive into S3Mock. */
    void upload(String tenant, UUID call, byte[] wav) throws Exception {
        Path file = Files.createTempFile("call-", ".wav");
        Files.write(file, wav);
        ArchiveResult result = archive.archive(
                        TenantId.of(tenant),
                        new FinishedRecording(new CallId(call), "rec-" + call, file, Duration.ofSeconds(30), false),
                        List.of("agent-7"),
                        Instant.now().minusSeconds(60),
                        "PCMA")
                .block(Duration.ofSeconds(60));
        assertThat(result).isInstanceOf(ArchiveResult.Uploaded.class);
    }

    JsonNode exchange(String method, String token, String uri, Object body, int status, Object... vars) {
        var spec = http.method(org.springframework.http.HttpMethod.valueOf(method))
                .uri(uri, vars)
                .headers(h -> h.setBearerAuth(token));
        var response = body == null ? spec.exchange() : spec.bodyValue(body).exchange();
        return response.expectStatus()
                .isEqualTo(status)
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void measuresAConstructedRecordingAndChecksItsTranscriptFromTheTenantsAsr() throws Exception {
        String t = new TenantEvents().tenant;
        String admin = token(t, Role.TENANT_ADMIN);
        String boss = token(t, Role.SUPERVISOR);
        UUID call = UUID.randomUUID();

        exchange("POST", boss, "/tenants/{t}/quality/calls/{c}/auto-qa", null, 404, t, call);
        upload(t, call, RecordingSignalsTest.CONSTRUCTED);

        assertThat(exchange("PUT", admin, "/tenants/{t}/quality/auto-qa/asr", Map.of("url", "ftp://x"), 400, t)
                        .path("field")
                        .asString())
                .isEqualTo("url");
        exchange("PUT", boss, "/tenants/{t}/quality/auto-qa/asr", Map.of("url", "http://127.0.0.1:1/"), 403, t);
        String url = "http://127.0.0.1:" + asr.getAddress().getPort() + "/v1/transcribe";
        JsonNode configured = exchange(
                "PUT", admin, "/tenants/{t}/quality/auto-qa/asr", Map.of("url", url, "apiKey", "asr-secret-1"), 200, t);
        assertThat(configured.path("hasKey").asBoolean()).isTrue();
        assertThat(configured.has("apiKey")).isFalse();
        exchange(
                "PUT",
                admin,
                "/tenants/{t}/quality/auto-qa/rules",
                Map.of(
                        "greetings", List.of("您好"),
                        "greetingWithinSeconds", 10,
                        "closings", List.of("感谢您的来电", "再见"),
                        "forbidden", List.of("不知道"),
                        "confirmations", List.of("核对", "复述")),
                200,
                t);

        JsonNode result = exchange("POST", boss, "/tenants/{t}/quality/calls/{c}/auto-qa", null, 200, t, call);
        JsonNode s = result.path("signals");
        assertThat(s.path("durationSeconds").asDouble()).isCloseTo(30, within(0.001));
        assertThat(s.path("callerSpeechSeconds").asDouble()).isCloseTo(7, within(0.02));
        assertThat(s.path("agentSpeechSeconds").asDouble()).isCloseTo(11, within(0.02));
        assertThat(s.path("talkOverSeconds").asDouble()).isCloseTo(4, within(0.02));
        assertThat(s.path("silenceShare").asDouble()).isCloseTo(16.0 / 30, within(0.001));
        assertThat(s.path("longestSilenceSeconds").asDouble()).isCloseTo(12, within(0.02));
        assertThat(s.path("holdSeconds").asDouble()).isCloseTo(12, within(0.02));
        assertThat(s.path("agentTalkRatio").asDouble()).isCloseTo(11.0 / 18, within(0.002));
        assertThat(result.path("transcriptSource").asString()).isEqualTo("ASR");
        assertThat(result.path("passed").asBoolean()).isTrue();
        assertThat(result.path("findings").size()).isEqualTo(5);
        assertThat(asrSaw)
                .containsEntry("authorization", "Bearer asr-secret-1")
                .containsEntry("call", call.toString())
                .containsEntry("bytes", Integer.toString(RecordingSignalsTest.CONSTRUCTED.length));

        JsonNode stored = exchange("GET", boss, "/tenants/{t}/quality/calls/{c}/auto-qa", null, 200, t, call);
        assertThat(stored.path("signals").path("talkOverSeconds").asDouble()).isCloseTo(4, within(0.02));
        assertThat(stored.path("passed").asBoolean()).isTrue();

        String other = new TenantEvents().tenant;
        exchange(
                "GET", token(other, Role.SUPERVISOR), "/tenants/{t}/quality/calls/{c}/auto-qa", null, 404, other, call);
        exchange("GET", token(other, Role.SUPERVISOR), "/tenants/{t}/quality/calls/{c}/auto-qa", null, 404, t, call);
    }

    @Test
    void aTranscriptStoredByHandIsUsedInsteadOfTheAsrAndItsFailuresAreReported() throws Exception {
        String t = new TenantEvents().tenant;
        String admin = token(t, Role.TENANT_ADMIN);
        String boss = token(t, Role.SUPERVISOR);
        UUID call = UUID.randomUUID();
        // a call with a 25 s silence in the middle, the agent talking all the rest
        upload(
                t,
                call,
                Wavs.stereo(
                        40_000,
                        List.of(new Wavs.Talk(0, 9_000)),
                        List.of(new Wavs.Talk(9_000, 10_000), new Wavs.Talk(35_000, 40_000))));
        exchange(
                "PUT",
                admin,
                "/tenants/{t}/quality/auto-qa/rules",
                Map.of("greetings", List.of("您好"), "closings", List.of("再见"), "forbidden", List.of("不知道")),
                200,
                t);
        JsonNode segments;
        try (InputStream in = getClass().getResourceAsStream("/transcripts/bad-call.json")) {
            segments = tools.jackson.databind.json.JsonMapper.builder().build().readTree(in);
        }
        exchange(
                "PUT",
                boss,
                "/tenants/{t}/quality/calls/{c}/transcript",
                Map.of("segments", List.of(Map.of("speaker", "NOBODY"))),
                400,
                t,
                call);
        exchange("PUT", boss, "/tenants/{t}/quality/calls/{c}/transcript", segments, 200, t, call);
        JsonNode result = exchange("POST", boss, "/tenants/{t}/quality/calls/{c}/auto-qa", null, 200, t, call);
        assertThat(result.path("transcriptSource").asString()).isEqualTo("MANUAL");
        assertThat(result.path("passed").asBoolean()).isFalse();
        Map<String, Boolean> passed = new java.util.HashMap<>();
        result.path("findings")
                .forEach(f ->
                        passed.put(f.path("rule").asString(), f.path("passed").asBoolean()));
        assertThat(passed)
                .containsEntry("GREETING", false)
                .containsEntry("CLOSING", false)
                .containsEntry("FORBIDDEN:不知道", false);
        assertThat(result.path("signals").path("longestSilenceSeconds").asDouble())
                .isCloseTo(25, within(0.02));
        assertThat(result.path("signals").path("holdSeconds").asDouble()).isCloseTo(25, within(0.02));
        assertThat(result.path("signals").path("talkOverSeconds").asDouble()).isZero();
        assertThat(asrSaw).as("no ASR configured, none asked").isEmpty();
    }

    @Test
    void inspectorsAndTheAgentPlayATasksRecordingThroughAnAuditedLink() throws Exception {
        TenantEvents events = new TenantEvents().provision();
        String t = events.tenant;
        String boss = token(t, Role.SUPERVISOR);
        CallId call = CallId.random();
        Instant answered = Instant.parse("2026-10-14T02:00:00Z");
        events.calls(List.of(
                new CallEvent.CallArrived(1, call, "general", 0, answered.minusSeconds(5)),
                new CallEvent.CallAnswered(2, call, "dave", answered),
                new CallEvent.CallEnded(3, call, "dave", answered.plusSeconds(30))));
        for (int i = 0; i < 120; i++) {
            JsonNode calls = exchange("GET", boss, "/tenants/{t}/quality/calls?period=2026-10", null, 200, t);
            if (calls.size() == 1 && !calls.get(0).path("endedAt").isNull()) {
                break;
            }
            Thread.sleep(500);
        }
        String template = exchange(
                        "POST",
                        boss,
                        "/tenants/{t}/quality/templates",
                        Map.of(
                                "code",
                                "short",
                                "name",
                                "简表",
                                "items",
                                List.of(Map.of("code", "all", "name", "总体", "weight", 100, "fatal", false))),
                        201,
                        t)
                .path("id")
                .asString();
        exchange(
                "POST",
                boss,
                "/tenants/{t}/quality/sampling-runs",
                Map.of(
                        "period",
                        "2026-10",
                        "templateId",
                        template,
                        "inspectors",
                        List.of("u-supervisor"),
                        "seed",
                        "playback-seed"),
                201,
                t);
        String task = exchange("GET", boss, "/tenants/{t}/quality/tasks", null, 200, t)
                .get(0)
                .path("id")
                .asString();

        exchange("POST", boss, "/tenants/{t}/quality/tasks/{id}/playback", Map.of(), 404, t, task);
        upload(t, call.value(), RecordingSignalsTest.CONSTRUCTED);
        JsonNode link = exchange(
                "POST", boss, "/tenants/{t}/quality/tasks/{id}/playback", Map.of("reason", "评分"), 200, t, task);
        byte[] played = WebTestClient.bindToServer()
                .codecs(c -> c.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
                .build()
                .get()
                .uri(java.net.URI.create(link.path("url").asString()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        assertThat(played).isEqualTo(RecordingSignalsTest.CONSTRUCTED);

        String dave = TestTokens.mint(c -> c.issuer(TestTokens.ISSUER_BASE + "/t/" + t)
                .subject("dave")
                .claim("tenant", t)
                .claim("roles", List.of(Role.AGENT.name())));
        String erin = TestTokens.mint(c -> c.issuer(TestTokens.ISSUER_BASE + "/t/" + t)
                .subject("erin")
                .claim("tenant", t)
                .claim("roles", List.of(Role.AGENT.name())));
        exchange("POST", dave, "/tenants/{t}/quality/tasks/{id}/playback", Map.of("reason", "申诉"), 200, t, task);
        exchange("POST", erin, "/tenants/{t}/quality/tasks/{id}/playback", Map.of(), 404, t, task);
        exchange("POST", boss, "/tenants/{t}/quality/calls/{c}/auto-qa", null, 200, t, call.value());

        JsonNode audit =
                exchange("GET", boss, "/tenants/{t}/quality/calls/{c}/recording-audit", null, 200, t, call.value());
        List<String> lines = new java.util.ArrayList<>();
        audit.forEach(a -> lines.add(a.path("who").asString() + " "
                + a.path("action").asString() + " " + a.path("why").asString()));
        assertThat(lines)
                .containsExactly(
                        "user:u-supervisor PLAY quality task " + task + ": 评分",
                        "user:dave PLAY quality task " + task + ": 申诉",
                        "system:auto-qa DOWNLOAD automatic QA");
        String other = new TenantEvents().tenant;
        assertThat(exchange(
                                "GET",
                                token(other, Role.SUPERVISOR),
                                "/tenants/{t}/quality/calls/{c}/recording-audit",
                                null,
                                200,
                                other,
                                call.value())
                        .size())
                .isZero();
    }

    static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    JsonNode awaitStatus(String token, String uri, int status, Object... vars) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (true) {
            var response = http.get()
                    .uri(uri, vars)
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .expectBody(JsonNode.class)
                    .returnResult();
            if (response.getStatus().value() == status || System.nanoTime() > deadline) {
                assertThat(response.getStatus().value())
                        .as(uri + ": " + response.getResponseBody())
                        .isEqualTo(status);
                return response.getResponseBody();
            }
            Thread.sleep(200);
        }
    }

    @Test
    void callCloudsCallRecordedRunsAutoQaOnceWithoutAnyRequest() throws Exception {
        TenantEvents events = new TenantEvents().provision();
        String t = events.tenant;
        String boss = token(t, Role.SUPERVISOR);
        UUID call = UUID.randomUUID();
        upload(t, call, RecordingSignalsTest.CONSTRUCTED);
        String sha = sha256(RecordingSignalsTest.CONSTRUCTED);
        UUID eventId = UUID.randomUUID();
        // published twice, as an at-least-once relay may: one run, one analysis
        for (int i = 0; i < 2; i++) {
            events.recorded(
                    eventId,
                    call,
                    "rec-" + call,
                    "calls/" + call + ".wav",
                    30_000,
                    sha,
                    List.of("agent-7"),
                    Instant.now().minusSeconds(60));
        }

        JsonNode result = awaitStatus(boss, "/tenants/{t}/quality/calls/{c}/auto-qa", 200, t, call);
        JsonNode s = result.path("signals");
        assertThat(s.path("silenceShare").asDouble()).isCloseTo(16.0 / 30, within(0.001));
        assertThat(s.path("longestSilenceSeconds").asDouble()).isCloseTo(12, within(0.02));
        assertThat(s.path("agentTalkRatio").asDouble()).isCloseTo(11.0 / 18, within(0.002));
        assertThat(result.path("transcriptSource").isNull()).isTrue();

        // a call whose recording is not in the store: the run fails at once and says why
        UUID lost = UUID.randomUUID();
        events.recorded(
                UUID.randomUUID(), lost, "rec-" + lost, "calls/" + lost + ".wav", 1_000, sha, List.of(), Instant.now());
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        JsonNode lostRuns = exchange("GET", boss, "/tenants/{t}/quality/calls/{c}/auto-qa/runs", null, 200, t, lost);
        while ((lostRuns.isEmpty()
                        || "PENDING".equals(lostRuns.path(0).path("status").asString()))
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
            lostRuns = exchange("GET", boss, "/tenants/{t}/quality/calls/{c}/auto-qa/runs", null, 200, t, lost);
        }
        assertThat(lostRuns.size()).isEqualTo(1);
        assertThat(lostRuns.path(0).path("status").asString()).isEqualTo("FAILED");
        assertThat(lostRuns.path(0).path("attempts").asInt()).isEqualTo(1);
        assertThat(lostRuns.path(0).path("error").asString()).contains("no recording of call " + lost);
        exchange("GET", boss, "/tenants/{t}/quality/calls/{c}/auto-qa", null, 404, t, lost);

        // the events are in order: the duplicate of the first has been handled before the second event
        JsonNode runs = exchange("GET", boss, "/tenants/{t}/quality/calls/{c}/auto-qa/runs", null, 200, t, call);
        assertThat(runs.size()).isEqualTo(1);
        JsonNode run = runs.path(0);
        assertThat(run.path("eventId").asString()).isEqualTo(eventId.toString());
        assertThat(run.path("status").asString()).isEqualTo("DONE");
        assertThat(run.path("attempts").asInt()).isEqualTo(1);
        assertThat(run.path("recordingId").asString()).isEqualTo("rec-" + call);
        assertThat(run.path("sha256").asString()).isEqualTo(sha);
        JsonNode audit = exchange("GET", boss, "/tenants/{t}/quality/calls/{c}/recording-audit", null, 200, t, call);
        assertThat(audit.size()).as("one download for one analysis: " + audit).isEqualTo(1);
        assertThat(audit.path(0).path("who").asString()).isEqualTo("system:auto-qa");

        String other = new TenantEvents().tenant;
        exchange(
                "GET",
                token(other, Role.SUPERVISOR),
                "/tenants/{t}/quality/calls/{c}/auto-qa/runs",
                null,
                404,
                t,
                call);
        assertThat(exchange(
                                "GET",
                                token(other, Role.SUPERVISOR),
                                "/tenants/{t}/quality/calls/{c}/auto-qa/runs",
                                null,
                                200,
                                other,
                                call)
                        .size())
                .isZero();
    }
}

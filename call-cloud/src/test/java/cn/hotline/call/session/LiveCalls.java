package cn.hotline.call.session;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.ivr.IvrManagement;
import cn.hotline.call.prompt.PromptLibrary;
import cn.hotline.call.prompt.PromptName;
import cn.hotline.call.sip.TenantDirectoryStub;
import cn.hotline.call.support.CalendarServer;
import cn.hotline.call.support.Http;
import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.media.testing.AgentBrowser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the live-call tests (SIPp or baresip callers, agents in headless Chromium) share: tenants with a number and an
 * IVR, reads of call-cloud's database as the superuser, polling, a supervisor listening from a browser, and the
 * recording played through its audited link.
 */
final class LiveCalls {

    static final Duration WAIT = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LiveCalls() {}

    /**
     * baresip dials the number at Kamailio until the call is established. Kamailio answers 503 until its dispatcher
     * has seen this instance's SIP edge (it pings every 2 s): that, and nothing else, is worth another attempt.
     */
    static void dial(cn.hotline.devstack.test.Baresip caller, String number) throws InterruptedException {
        StackEndpoints stack = TestStack.endpoints();
        for (int attempt = 0; attempt < 10; attempt++) {
            caller.dial("sip:" + number + "@" + stack.sipEdgeHost() + ":" + stack.sipEdgePort());
            JsonNode event = caller.awaitAny(WAIT, "CALL_ESTABLISHED", "CALL_CLOSED")
                    .orElseThrow(() -> new AssertionError("no answer to baresip's call: " + caller.log()));
            if (event.path("type").asString("").equals("CALL_ESTABLISHED")) {
                return;
            }
            assertThat(event.toString())
                    .as("the only failure retried is Kamailio's 503")
                    .contains("503");
            Thread.sleep(2_000);
        }
        throw new AssertionError("Kamailio never routed baresip's call: " + caller.log());
    }

    /** An agent signed in on {@code /ws/agent} with {@code skill} (level 5), not ready yet. */
    static cn.hotline.call.agent.AgentClient signedInAgent(URI socket, String token, String skill) throws Exception {
        cn.hotline.call.agent.AgentClient agent = cn.hotline.call.agent.AgentClient.connect(socket, token);
        assertThat(agent.request("{\"type\":\"signIn\",\"skills\":[{\"skill\":\"" + skill + "\",\"level\":5}]}")
                        .get("type")
                        .stringValue())
                .isEqualTo("state");
        return agent;
    }

    /** {@link #signedInAgent}, then ready. */
    static cn.hotline.call.agent.AgentClient readyAgent(URI socket, String token, String skill) throws Exception {
        cn.hotline.call.agent.AgentClient agent = signedInAgent(socket, token, skill);
        assertThat(agent.request("{\"type\":\"ready\"}").get("state").stringValue())
                .isEqualTo("READY");
        return agent;
    }

    /**
     * Test tokens, and tenant-service played by {@code directory} (numbers, quotas, skill groups) and {@code calendar}
     * (working days): what every live-call test registers.
     */
    static void stubbedTenantService(
            DynamicPropertyRegistry registry, TenantDirectoryStub directory, CalendarServer calendar) {
        cn.hotline.kernel.testing.TestTokens.register(registry);
        registry.add("cc.call.admission.tenant-service-url", directory::url);
        registry.add("cc.call.tenant-service.url", calendar::url);
    }

    /** The call-cloud under test drives devstack's rtpengine (its control sockets and recording folder). */
    static void devstackRtpengine(DynamicPropertyRegistry registry) {
        registry.add("cc.media.rtpengine.ng-url", () -> System.getProperty("CC_RTPENGINE_NG_URL"));
        registry.add("cc.media.rtpengine.ng-tcp-url", () -> System.getProperty("CC_RTPENGINE_NG_TCP_URL"));
        registry.add("cc.media.rtpengine.recording-dir", () -> System.getProperty("CC_RTPENGINE_RECORDING_DIR"));
    }

    /** The first of the SIP ports devstack's Kamailio dispatches calls to: the instance under test listens there. */
    static String dispatchedSipPort() {
        return System.getProperty("CC_SIP_INSTANCE_PORTS").split(",")[0];
    }

    /**
     * Outbound calls go to a far end on loopback {@code farPort} through devstack's Kamailio (as towards a carrier),
     * presenting {@code callerId} for {@code tenant}.
     */
    static void outboundThroughEdge(DynamicPropertyRegistry registry, int farPort, String tenant, String callerId) {
        registry.add("cc.call.outbound.destination", () -> "127.0.0.1:" + farPort);
        registry.add(
                "cc.call.outbound.proxy",
                () -> System.getProperty("CC_SIP_EDGE_HOST") + ":" + System.getProperty("CC_SIP_EDGE_PORT"));
        registry.add("cc.call.outbound.caller-ids[" + tenant + "]", () -> callerId);
    }

    /** A loopback UDP port free just now (for a far end a test starts later). */
    static int freeUdpPort() {
        try (var socket = new java.net.DatagramSocket(new java.net.InetSocketAddress("127.0.0.1", 0))) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    record Tenant(String slug, String number) {}

    /** A fresh tenant owning a fresh number, allowed 10 concurrent calls, with no IVR (calls queue for "general"). */
    static Tenant tenant(String prefix, TenantDirectoryStub directory, ReactiveStringRedisTemplate redis) {
        String slug = Http.freshTenant(prefix);
        String number = "0551" + ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
        directory.owners.put(number, slug);
        redis.opsForHash()
                .put("t:" + slug + ":quota", "limit:CONCURRENT_CALLS", "10")
                .block(WAIT);
        return new Tenant(slug, number);
    }

    /** {@link #tenant} with a published IVR: menu "咨询请按一" (espeak-ng), 1 → queue {@code support}. */
    static Tenant tenantWithMenu(
            String prefix,
            TenantDirectoryStub directory,
            ReactiveStringRedisTemplate redis,
            PromptLibrary prompts,
            IvrManagement ivr) {
        Tenant created = tenant(prefix, directory, redis);
        TenantId tenant = TenantId.of(created.slug());
        prompts.synthesise(tenant, PromptName.of("menu"), "咨询请按一").block(WAIT);
        ivr.saveDraft(
                        tenant,
                        "main",
                        """
                        {"start": "menu", "nodes": [
                          {"id": "menu", "type": "menu", "prompt": "menu", "timeoutSeconds": 10, "retries": 5,
                           "choices": [{"digit": "1", "next": "support"}], "onFailure": "bye"},
                          {"id": "support", "type": "queue", "group": "support"},
                          {"id": "bye", "type": "hangup"}]}
                        """,
                        "test")
                .block(WAIT);
        ivr.publish(tenant, "main", "test").block(WAIT);
        return created;
    }

    /** The first row of {@code sql} in call-cloud's database; parameters: the tenant, then the call (if any). */
    static Map<String, Object> row(String sql, String tenant, @Nullable String call) {
        StackEndpoints stack = TestStack.endpoints();
        try (Connection c = DriverManager.getConnection(
                        stack.jdbcUrl("cc_call"), stack.pgSuperuser(), stack.pgSuperpassword());
                var s = c.prepareStatement(sql)) {
            s.setString(1, tenant);
            if (call != null) {
                s.setObject(2, UUID.fromString(call));
            }
            try (var rows = s.executeQuery()) {
                Map<String, Object> found = new LinkedHashMap<>();
                if (rows.next()) {
                    for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                        found.put(rows.getMetaData().getColumnName(i), rows.getObject(i));
                    }
                }
                return found;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code probe} every 250 ms until {@code done} or {@link #WAIT}; fails saying {@code what}. */
    static <T> T eventually(String what, Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T value = probe.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            value = probe.get();
        }
        assertThat(done.test(value)).as(what + " (last: " + value + ")").isTrue();
        return value;
    }

    /** The first row of {@code sql}, once there is one. */
    static Map<String, Object> eventuallyRow(String what, String sql, String tenant, String call)
            throws InterruptedException {
        return eventually(what, () -> row(sql, tenant, call), found -> !found.isEmpty());
    }

    static double number(Map<String, Object> stats, String key) {
        return ((Number) stats.getOrDefault(key, 0)).doubleValue();
    }

    /**
     * A supervisor listens to the call from {@code browser} (audited with {@code why}): one leg per party, both
     * connected; returns the audio level the supervisor's page hears.
     */
    static double listen(WebTestClient api, String tenant, String callId, String supervisorToken, AgentBrowser browser)
            throws InterruptedException {
        JsonNode monitor = JSON.readTree(api.post()
                .uri("/tenants/{t}/calls/{c}/monitor", tenant, callId)
                .header("Authorization", "Bearer " + supervisorToken)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("mode", "LISTEN", "why", "coaching"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        assertThat(monitor.get("legs")).hasSize(2);
        for (JsonNode leg : monitor.get("legs")) {
            String sdp = browser.answerOffer(leg.get("sdp").stringValue());
            api.post()
                    .uri(
                            "/tenants/{t}/calls/{c}/monitor/legs/{l}/answer",
                            tenant,
                            callId,
                            leg.get("leg").stringValue())
                    .header("Authorization", "Bearer " + supervisorToken)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("sdp", sdp))
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
        eventually("the supervisor's legs connect", browser::monitorStates, states -> states.stream()
                .allMatch("connected"::equals));
        browser.resetHeard();
        return number(
                eventually("the supervisor hears the call", browser::stats, stats -> number(stats, "heard") > 0.001),
                "heard");
    }

    /** The recording's bytes, fetched through the presigned URL of an audited PLAY link asked for with {@code why}. */
    static byte[] playRecording(WebTestClient api, String tenant, String callId, String adminToken, String why)
            throws Exception {
        JsonNode link = JSON.readTree(api.post()
                .uri("/tenants/{t}/calls/{c}/recording/link", tenant, callId)
                .header("Authorization", "Bearer " + adminToken)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("action", "PLAY", "why", why))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(URI.create(link.get("url").stringValue()))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }
    }

    /** The recording's audit trail as the tenant's admin reads it. */
    static JsonNode recordingAudit(WebTestClient api, String tenant, String callId, String adminToken) {
        return JSON.readTree(api.get()
                .uri("/tenants/{t}/calls/{c}/recording/audit", tenant, callId)
                .header("Authorization", "Bearer " + adminToken)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    }
}

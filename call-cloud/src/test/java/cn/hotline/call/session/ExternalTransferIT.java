package cn.hotline.call.session;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.agent.AgentClient;
import cn.hotline.call.sip.SipEdge;
import cn.hotline.call.sip.Sipp;
import cn.hotline.call.sip.TenantDirectoryStub;
import cn.hotline.call.support.Http;
import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Transfer out of the centre with real peers: a SIPp caller calls call-cloud's SIP edge, a simulated agent (real
 * WebSocket client) answers and transfers the caller to an outside number or another city's 12345; call-cloud's UAC
 * calls a SIPp far end (through devstack's Kamailio, which record-routes the outbound INVITE), rtpengine re-points and
 * bridges the caller's leg. Asserts the SIP the far end received (Request-URI, From and P-Asserted-Identity with the
 * tenant's caller id), the replies and states the agent gets, the BYEs on either side and the outbound call record.
 */
@RealServers
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "cc.call.sip.trunks.loopback.addresses=127.0.0.1",
            "cc.call.sip.trunks.loopback.trust-asserted-identity=true",
            "cc.call.sip.trunks.loopback.area-code=0551",
            "cc.call.acd.after-call-work=60s",
            "cc.call.acd.ring-timeout=60s",
            "cc.call.session.announce-every=0s",
            "cc.call.outbound.trunk=loopback",
            "cc.call.outbound.ring-timeout=5s",
            "cc.call.outbound.city12345.hefei=0551-12345",
        })
class ExternalTransferIT {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TenantDirectoryStub DIRECTORY = new TenantDirectoryStub();
    /** The tenant with a configured caller id (others present the number the caller dialled). */
    private static final String FIXED = Http.freshTenant("xfer");

    private static final String FIXED_CALLER_ID = "055165399999";
    private static final int FAR_PORT = LiveCalls.freeUdpPort();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
        registry.add("cc.call.admission.tenant-service-url", DIRECTORY::url);
        registry.add("cc.call.sip.port", () -> "0");
        LiveCalls.outboundThroughEdge(registry, FAR_PORT, FIXED, FIXED_CALLER_ID);
        LiveCalls.devstackRtpengine(registry);
    }

    @AfterAll
    static void stopStub() {
        DIRECTORY.close();
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    SipEdge edge;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    org.apache.pulsar.client.api.PulsarClient pulsar;

    /** The tenant's Pulsar tenant and {@code calls} namespace, as tenant-service's provisioning leaves them. */
    private static void provisionPulsar(String slug) throws Exception {
        String admin = System.getProperty("CC_PULSAR_ADMIN_URL");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (String[] put : new String[][] {
            {"/admin/v2/tenants/" + slug, "{\"allowedClusters\":[\"standalone\"]}"},
            {"/admin/v2/namespaces/" + slug + "/calls", "{}"}
        }) {
            var response = http.send(
                    java.net.http.HttpRequest.newBuilder(URI.create(admin + put[0]))
                            .header("Content-Type", "application/json")
                            .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(put[1]))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as(put[0] + ": " + response.body())
                    .isIn(200, 204, 409);
        }
    }

    private final List<SippCaller> processes = new ArrayList<>();
    private Sipp.Serving farEnd;

    @AfterEach
    void stopPeers() {
        processes.forEach(SippCaller::close);
        if (farEnd != null) {
            farEnd.stop();
        }
    }

    private record Tenant(String slug, String number) {}

    /** No IVR, no rules: calls go to the default queue {@code general}. */
    private Tenant tenant(String slug) {
        String number = "0551" + ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
        DIRECTORY.owners.put(number, slug);
        redis.opsForHash()
                .put("t:" + slug + ":quota", "limit:CONCURRENT_CALLS", "10")
                .block(WAIT);
        return new Tenant(slug, number);
    }

    private AgentClient readyAgent(String slug) throws Exception {
        return readyAgentWith(TestTokens.user(slug, Role.AGENT));
    }

    private AgentClient readyAgentWith(String token) throws Exception {
        AgentClient agent = AgentClient.connect(URI.create("ws://127.0.0.1:" + httpPort + "/ws/agent"), token);
        assertThat(agent.request("{\"type\":\"signIn\",\"skills\":[{\"skill\":\"general\",\"level\":5}]}")
                        .get("type")
                        .stringValue())
                .isEqualTo("state");
        assertThat(agent.request("{\"type\":\"ready\"}").get("state").stringValue())
                .isEqualTo("READY");
        return agent;
    }

    private SippCaller caller(String scenario, Tenant tenant, Path work, Map<String, String> replacements)
            throws Exception {
        SippCaller process = SippCaller.to("127.0.0.1:" + edge.port(), scenario, tenant.number(), work, replacements);
        processes.add(process);
        return process;
    }

    /** The agent is offered the caller's call and answers it (without browser audio); returns the call id. */
    private static String answer(AgentClient agent) throws Exception {
        JsonNode offer = agent.next("offer", WAIT);
        String callId = offer.get("callId").stringValue();
        JsonNode answered = agent.request(JSON.writeValueAsString(Map.of("type", "answer", "callId", callId)));
        assertThat(answered.get("state").stringValue()).as("reply: " + answered).isEqualTo("TALKING");
        return callId;
    }

    private static JsonNode transfer(AgentClient agent, String callId, String kind, String value) throws Exception {
        return agent.request(JSON.writeValueAsString(
                Map.of("type", "transfer", "callId", callId, "to", Map.of("kind", kind, "value", value))));
    }

    private static Map<String, String> farEndHangsUpAfter(int millis) {
        return Map.of(
                "@OUR_BYE_START@", "<!--",
                "@OUR_BYE_END@", "-->",
                "@FAR_BYE_START@", "",
                "@FAR_BYE_END@", "",
                "@TALK_MS@", Integer.toString(millis));
    }

    private static Map<String, String> farEndWaitsForBye() {
        return Map.of(
                "@OUR_BYE_START@", "",
                "@OUR_BYE_END@", "",
                "@FAR_BYE_START@", "<!--",
                "@FAR_BYE_END@", "-->",
                "@TALK_MS@", "30000");
    }

    @Test
    void aCallerTransferredToAnotherCitys12345TalksToItWithTheTenantCallerIdAndTheAgentGoesToAfterCallWork()
            throws Exception {
        Tenant tenant = tenant(FIXED);
        Path work = Files.createTempDirectory("transfer-city-");
        farEnd = Sipp.serve(Sipp.scenario("uas_outbound.xml", farEndHangsUpAfter(2000)), "127.0.0.1", FAR_PORT, 1);
        String token = TestTokens.user(tenant.slug(), Role.AGENT);
        provisionPulsar(tenant.slug());
        try (AgentClient agent = readyAgentWith(token);
                var events = pulsar.newConsumer(org.apache.pulsar.client.api.Schema.BYTES)
                        .topic("persistent://" + tenant.slug() + "/calls/call-events")
                        .subscriptionName("transfer-test")
                        .subscriptionInitialPosition(org.apache.pulsar.client.api.SubscriptionInitialPosition.Earliest)
                        .subscribe()) {
            SippCaller sipp =
                    caller("uac_live.xml", tenant, work, Map.of("@VOICE@", "/usr/share/sip-tester/g711a.pcap"));
            String callId = answer(agent);

            JsonNode transferred = transfer(agent, callId, "city12345", "hefei");

            assertThat(transferred.get("type").stringValue())
                    .as("reply: " + transferred)
                    .isEqualTo("transferred");
            assertThat(transferred.get("callId").stringValue()).isEqualTo(callId);
            assertThat(transferred.get("to").get("kind").stringValue()).isEqualTo("city12345");
            assertThat(transferred.get("to").get("value").stringValue()).isEqualTo("hefei");
            assertThat(transferred.get("number").stringValue()).isEqualTo("055112345");
            JsonNode state = agent.next("state", WAIT);
            assertThat(state.get("state").stringValue()).isEqualTo("AFTER_CALL_WORK");

            // the far end talks 2 s and hangs up: the caller gets its BYE
            Sipp.Result far = farEnd.await(WAIT);
            assertThat(far.allCallsSucceeded()).as(far.output()).isTrue();
            String messages = farEnd.messages();
            assertThat(messages).contains("INVITE sip:055112345@127.0.0.1:" + FAR_PORT + " SIP/2.0");
            assertThat(messages).containsPattern("From: <sip:" + FIXED_CALLER_ID + "@127.0.0.1>;tag=");
            assertThat(messages).contains("P-Asserted-Identity: <sip:" + FIXED_CALLER_ID + "@127.0.0.1>");
            assertThat(messages).contains("m=audio ").contains("RTP/AVP 8");
            assertThat(sipp.finish(Duration.ofSeconds(30))).as(sipp.output()).isZero();
            assertThat(agent.receives("callEnded", Duration.ofSeconds(1)))
                    .as("the agent left the call before it ended")
                    .isFalse();

            Map<String, Object> record = eventually(
                    "the outbound call record is complete",
                    () -> row("SELECT * FROM outbound_call WHERE tenant_id = ? AND call_id = ?", tenant.slug(), callId),
                    found -> found.get("ended_by") != null);
            assertThat(record)
                    .containsEntry("direction", "OUTBOUND")
                    .containsEntry("kind", "TRANSFER_CITY12345")
                    .containsEntry("target", "hefei")
                    .containsEntry("number", "055112345")
                    .containsEntry("caller_id", FIXED_CALLER_ID)
                    .containsEntry("outcome", "ANSWERED")
                    .containsEntry("sip_status", 200)
                    .containsEntry("ended_by", "FAR_END");
            assertThat(record.get("answered_at")).isNotNull();
            Map<String, Object> recording = eventually(
                    "the transferred call is recorded",
                    () -> row(
                            "SELECT * FROM call_recording WHERE tenant_id = ? AND call_id = ?", tenant.slug(), callId),
                    found -> !found.isEmpty());
            assertThat(String.valueOf(recording.get("agents"))).contains(subject(token));

            // the event on the tenant's call-event topic
            JsonNode event = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (event == null && System.nanoTime() < deadline) {
                var message = events.receive(2, TimeUnit.SECONDS);
                if (message != null) {
                    events.acknowledge(message);
                    if ("CallTransferred".equals(message.getProperty("type"))) {
                        event = JSON.readTree(message.getData());
                    }
                }
            }
            assertThat(event).as("a CallTransferred event is published").isNotNull();
            assertThat(event.get("payload").get("call").get("value").stringValue())
                    .isEqualTo(callId);
            assertThat(event.get("payload").get("toKind").stringValue()).isEqualTo("city12345");
            assertThat(event.get("payload").get("to").stringValue()).isEqualTo("hefei");
            assertThat(event.get("payload").get("number").stringValue()).isEqualTo("055112345");
            assertThat(event.get("payload").get("agent").stringValue()).isEqualTo(subject(token));

            // the record through the API, for the tenant's supervisors only
            var web = Http.client(httpPort);
            web.get()
                    .uri("/tenants/{t}/outbound-calls?callId={c}", tenant.slug(), callId)
                    .header("Authorization", "Bearer " + TestTokens.user(tenant.slug(), Role.SUPERVISOR))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.calls[0].kind")
                    .isEqualTo("TRANSFER_CITY12345")
                    .jsonPath("$.calls[0].outcome")
                    .isEqualTo("ANSWERED")
                    .jsonPath("$.calls[0].direction")
                    .isEqualTo("OUTBOUND");
            web.get()
                    .uri("/tenants/{t}/outbound-calls", tenant.slug())
                    .header("Authorization", "Bearer " + TestTokens.user(tenant.slug(), Role.AGENT))
                    .exchange()
                    .expectStatus()
                    .isForbidden();
            String stranger = Http.freshTenant("xfer-other");
            web.get()
                    .uri("/tenants/{t}/outbound-calls?callId={c}", stranger, callId)
                    .header("Authorization", "Bearer " + TestTokens.user(stranger, Role.SUPERVISOR))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.calls.length()")
                    .isEqualTo(0);
        }
    }

    private static String subject(String token) throws Exception {
        return com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getSubject();
    }

    @Test
    void aBusyNumberLeavesTheCallerWithTheAgentAndBadTargetsChangeNothing() throws Exception {
        Tenant tenant = tenant(Http.freshTenant("xfer-busy"));
        Path work = Files.createTempDirectory("transfer-busy-");
        farEnd = Sipp.serve(Sipp.scenario("uas_refusing.xml", Map.of("@CODE@", "486")), "127.0.0.1", FAR_PORT, 1);
        try (AgentClient agent = readyAgent(tenant.slug())) {
            SippCaller sipp =
                    caller("uac_live.xml", tenant, work, Map.of("@VOICE@", "/usr/share/sip-tester/g711a.pcap"));
            String callId = answer(agent);

            JsonNode unknownCity = transfer(agent, callId, "city12345", "atlantis");
            assertThat(unknownCity.get("type").stringValue()).isEqualTo("error");
            assertThat(unknownCity.get("code").stringValue()).isEqualTo("VALIDATION_FAILED");
            JsonNode notANumber = transfer(agent, callId, "number", "call me maybe");
            assertThat(notANumber.get("code").stringValue()).isEqualTo("VALIDATION_FAILED");
            JsonNode abroad = transfer(agent, callId, "number", "+1 212 555 0100");
            assertThat(abroad.get("code").stringValue()).isEqualTo("VALIDATION_FAILED");

            JsonNode failed = transfer(agent, callId, "number", "138-0013-8000");

            assertThat(failed.get("type").stringValue()).as("reply: " + failed).isEqualTo("transferFailed");
            assertThat(failed.get("outcome").stringValue()).isEqualTo("BUSY");
            assertThat(failed.get("sipStatus").intValue()).isEqualTo(486);
            assertThat(agent.next("state", WAIT).get("state").stringValue())
                    .as("the caller is still the agent's")
                    .isEqualTo("TALKING");
            Sipp.Result far = farEnd.await(WAIT);
            assertThat(far.allCallsSucceeded()).as(far.output()).isTrue();
            assertThat(farEnd.messages())
                    .contains("INVITE sip:13800138000@127.0.0.1:" + FAR_PORT)
                    .as("a tenant without a configured caller id presents the number the caller dialled")
                    .contains("P-Asserted-Identity: <sip:" + tenant.number() + "@127.0.0.1>");
            assertThat(row(
                                    "SELECT count(*) AS n FROM outbound_call WHERE tenant_id = ? AND call_id = ?",
                                    tenant.slug(),
                                    callId)
                            .get("n"))
                    .as("refused targets leave no record")
                    .isEqualTo(1L);
            Map<String, Object> record =
                    row("SELECT * FROM outbound_call WHERE tenant_id = ? AND call_id = ?", tenant.slug(), callId);
            assertThat(record)
                    .containsEntry("kind", "TRANSFER_NUMBER")
                    .containsEntry("outcome", "BUSY")
                    .containsEntry("sip_status", 486)
                    .containsEntry("target", "138-0013-8000");
            assertThat(sipp.alive()).as("the caller was not dropped").isTrue();

            // the agent still has the call: hanging up sends the caller its BYE
            JsonNode hungUp = agent.request(JSON.writeValueAsString(Map.of("type", "hangUp", "callId", callId)));
            assertThat(hungUp.get("state").stringValue()).isEqualTo("AFTER_CALL_WORK");
            assertThat(sipp.finish(Duration.ofSeconds(30))).as(sipp.output()).isZero();
        }
    }

    @Test
    void theCallerHangingUpAfterTheTransferHangsUpTheFarEnd() throws Exception {
        Tenant tenant = tenant(Http.freshTenant("xfer-bye"));
        Path work = Files.createTempDirectory("transfer-bye-");
        farEnd = Sipp.serve(Sipp.scenario("uas_outbound.xml", farEndWaitsForBye()), "127.0.0.1", FAR_PORT, 1);
        try (AgentClient agent = readyAgent(tenant.slug())) {
            SippCaller sipp = caller("uac_abandon.xml", tenant, work, Map.of("@WAIT_MS@", "6000", "@BEFORE_WAIT@", ""));
            String callId = answer(agent);

            JsonNode transferred = transfer(agent, callId, "number", "13800138000");
            assertThat(transferred.get("type").stringValue())
                    .as("reply: " + transferred)
                    .isEqualTo("transferred");

            assertThat(sipp.finish(Duration.ofSeconds(30))).as(sipp.output()).isZero();
            Sipp.Result far = farEnd.await(WAIT);
            assertThat(far.allCallsSucceeded())
                    .as("the far end got our BYE: " + far.output())
                    .isTrue();
            Map<String, Object> record = eventually(
                    "the outbound call record is complete",
                    () -> row("SELECT * FROM outbound_call WHERE tenant_id = ? AND call_id = ?", tenant.slug(), callId),
                    found -> found.get("ended_by") != null);
            assertThat(record).containsEntry("ended_by", "US").containsEntry("outcome", "ANSWERED");
        }
    }

    private static <T> T eventually(String what, Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T value = probe.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            value = probe.get();
        }
        assertThat(done.test(value)).as(what + " (last: " + value + ")").isTrue();
        return value;
    }

    private static Map<String, Object> row(String sql, String tenant, String call) {
        StackEndpoints stack = TestStack.endpoints();
        try (Connection c = DriverManager.getConnection(
                        stack.jdbcUrl("cc_call"), stack.pgSuperuser(), stack.pgSuperpassword());
                var s = c.prepareStatement(sql)) {
            s.setString(1, tenant);
            s.setObject(2, java.util.UUID.fromString(call));
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
}

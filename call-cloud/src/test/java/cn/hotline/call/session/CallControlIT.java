package cn.hotline.call.session;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.acd.domain.AcdSettings;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.call.agent.AgentClient;
import cn.hotline.call.routing.RoutingManagement;
import cn.hotline.call.sip.TenantDirectoryStub;
import cn.hotline.call.support.CalendarServer;
import cn.hotline.call.support.Http;
import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.id.TenantId;
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
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
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
 * Call control with real SIP peers: SIPp callers dial the tenant's number through devstack's Kamailio into
 * call-cloud (rtpengine answers their media, they wait with music); agents are real WebSocket clients on {@code
 * /ws/agent} that answer state-only (no browser: nothing here depends on the audio). Proven: queue order (priority
 * before arrival; the longest idle agent first), overflow to another group after the configured wait, blind transfer
 * to a group and to an agent, consultation completed and cancelled — each visible in the call record and as the
 * decisions the tenant's call events are published from.
 */
@RealServers
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "cc.call.sip.trunks.loopback.addresses=127.0.0.1",
            "cc.call.sip.trunks.loopback.trust-asserted-identity=true",
            "cc.call.sip.trunks.loopback.area-code=0551",
            "cc.call.acd.after-call-work=600s",
            "cc.call.acd.ring-timeout=120s",
            "cc.call.session.announce-every=0s",
        })
class CallControlIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final TenantDirectoryStub DIRECTORY = new TenantDirectoryStub();
    private static final CalendarServer CALENDAR = new CalendarServer();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String VIP = "13800000001";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        LiveCalls.stubbedTenantService(registry, DIRECTORY, CALENDAR);
        registry.add("cc.call.sip.port", LiveCalls::dispatchedSipPort);
        LiveCalls.devstackRtpengine(registry);
    }

    @AfterAll
    static void stopStubs() {
        DIRECTORY.close();
        CALENDAR.close();
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    RoutingManagement routing;

    @Autowired
    AcdManagement acd;

    private final List<AutoCloseable> closing = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        closing.clear();
    }

    private record Tenant(String slug, String number) {}

    @Autowired
    org.apache.pulsar.client.api.PulsarClient pulsar;

    /** The tenant's Pulsar tenant and {@code calls} namespace, as provisioning leaves them. */
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
                    .isIn(200, 204);
        }
    }

    /**
     * The types of the events about {@code call} on the tenant's call-event topic, in order, read from the start until
     * every one of {@code expected} has come (or the wait is over).
     */
    private List<String> events(String slug, String call, String... expected) throws Exception {
        List<String> types = new ArrayList<>();
        try (var consumer = pulsar.newConsumer(org.apache.pulsar.client.api.Schema.BYTES)
                .topic("persistent://" + slug + "/calls/call-events")
                .subscriptionName("test-" + java.util.UUID.randomUUID())
                .subscriptionInitialPosition(org.apache.pulsar.client.api.SubscriptionInitialPosition.Earliest)
                .subscribe()) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!types.containsAll(List.of(expected)) && System.nanoTime() < deadline) {
                var message = consumer.receive(1, java.util.concurrent.TimeUnit.SECONDS);
                if (message != null) {
                    if (new String(message.getValue(), java.nio.charset.StandardCharsets.UTF_8).contains(call)) {
                        types.add(message.getProperty("type"));
                    }
                    consumer.acknowledge(message);
                }
            }
        }
        return types;
    }

    /** A tenant whose VIP list goes to {@code support} with priority 9, everyone else to {@code support} with 0. */
    private Tenant tenant(AcdSettings settings) throws Exception {
        String slug = Http.freshTenant("ctl");
        provisionPulsar(slug);
        String number = "0551" + ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
        DIRECTORY.owners.put(number, slug);
        redis.opsForHash()
                .put("t:" + slug + ":quota", "limit:CONCURRENT_CALLS", "20")
                .block(WAIT);
        routing.replace(
                        TenantId.of(slug),
                        """
                        {"lists": {"vip": ["%s"]},
                         "rules": [{"name": "vip", "when": {"callerIn": "vip"},
                                    "then": {"action": "queue", "group": "support", "priority": 9}}],
                         "default": {"action": "queue", "group": "support", "priority": 0},
                         "defaultQueue": {"group": "support"}}
                        """
                                .formatted(VIP),
                        "test")
                .block(WAIT);
        acd.configure(TenantId.of(slug), settings, "test").block(WAIT);
        return new Tenant(slug, number);
    }

    private record Agent(String id, AgentClient socket) {}

    private Agent agent(Tenant tenant, String skill) throws Exception {
        String token = TestTokens.user(tenant.slug(), Role.AGENT);
        String id = com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getSubject();
        AgentClient socket = AgentClient.connect(URI.create("ws://127.0.0.1:" + httpPort + "/ws/agent"), token);
        closing.add(socket);
        JsonNode signedIn =
                socket.request("{\"type\":\"signIn\",\"skills\":[{\"skill\":\"" + skill + "\",\"level\":5}]}");
        assertThat(signedIn.get("state").stringValue()).isEqualTo("NOT_READY");
        return new Agent(id, socket);
    }

    private static JsonNode command(Agent agent, Map<String, Object> command) throws Exception {
        return agent.socket().request(JSON.writeValueAsString(command));
    }

    /**
     * Dials as {@code caller} and waits until the call is in the ACD (its call record carries the caller's number);
     * retried while Kamailio has not yet seen the instance (503). Returns the call id.
     */
    private String dial(Tenant tenant, String caller, Path work) throws Exception {
        return dial(tenant, caller, work, Set.of(), 1, new SippCaller[1]);
    }

    private String dial(Tenant tenant, String caller, Path work, Set<Integer> keysAt, int key, SippCaller[] started)
            throws Exception {
        for (int attempt = 0; attempt < 10; attempt++) {
            SippCaller sipp = SippCaller.dial("uac_live.xml", tenant.number(), caller, work, keysAt, key, Map.of());
            started[0] = sipp;
            closing.add(sipp);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                Object call = row(
                                "SELECT call_id FROM call_record WHERE tenant_id = ? AND caller = ?",
                                tenant.slug(),
                                caller)
                        .get("call_id");
                if (call != null) {
                    return call.toString();
                }
                if (sipp.notYetRouted()) {
                    break;
                }
                if (!sipp.alive()) {
                    throw new AssertionError("SIPp ended before its call reached the ACD: " + sipp.output());
                }
                Thread.sleep(250);
            }
            Thread.sleep(2_000);
        }
        throw new AssertionError("the call of " + caller + " never reached the ACD");
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

    private static Map<String, Object> row(String sql, Object... parameters) {
        StackEndpoints stack = TestStack.endpoints();
        try (Connection c = DriverManager.getConnection(
                        stack.jdbcUrl("cc_call"), stack.pgSuperuser(), stack.pgSuperpassword());
                var s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
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

    /** The kinds of the call's decisions, in order, as the call-event relay publishes them. */
    private static String decisions(String tenant, String call) {
        return String.valueOf(row(
                        "SELECT string_agg(kind, ',' ORDER BY id) AS kinds FROM acd_decision"
                                + " WHERE tenant_id = ? AND call_id = ?::uuid",
                        tenant,
                        call)
                .get("kinds"));
    }

    private static String agentState(Tenant tenant, Agent agent) {
        return String.valueOf(
                row("SELECT state FROM acd_agent WHERE tenant_id = ? AND agent_id = ?", tenant.slug(), agent.id())
                        .get("state"));
    }

    private static JsonNode offer(Agent agent) throws Exception {
        return agent.socket().next("offer", WAIT);
    }

    private static Map<String, Object> to(String kind, String value) {
        return Map.of("kind", kind, "value", value);
    }

    @Test
    void transfersAndConsultationsMoveRealCallsAndShowInTheirRecordsAndEvents() throws Exception {
        Tenant tenant = tenant(AcdSettings.defaults()
                .withAfterCallWork(Duration.ofMinutes(10))
                .withRingTimeout(Duration.ofMinutes(2)));
        Path work = Files.createTempDirectory("call-control-");
        Agent first = agent(tenant, "support");
        Agent second = agent(tenant, "support");
        Agent backup = agent(tenant, "backup");

        // queue order: an ordinary caller first, then a VIP; the first ready agent gets the VIP
        String ordinary = dial(tenant, "13912345678", work);
        String vip = dial(tenant, VIP, work);
        assertThat(command(first, Map.of("type", "ready")).get("type").stringValue())
                .isIn("state", "offer");
        JsonNode offered = offer(first);
        assertThat(offered.get("callId").stringValue())
                .as("priority 9 before the earlier caller")
                .isEqualTo(vip);
        assertThat(command(first, Map.of("type", "answer", "callId", vip))
                        .get("state")
                        .stringValue())
                .isEqualTo("TALKING");
        command(second, Map.of("type", "ready"));
        assertThat(offer(second).get("callId").stringValue()).isEqualTo(ordinary);
        command(second, Map.of("type", "answer", "callId", ordinary));

        // blind transfer to a group: the VIP waits in "backup" until its agent is ready; the agent wraps up
        JsonNode transferred = command(first, Map.of("type", "transfer", "callId", vip, "to", to("group", "backup")));
        assertThat(transferred.get("type").stringValue())
                .as(transferred.toString())
                .isEqualTo("transferred");
        assertThat(transferred.get("to").get("kind").stringValue()).isEqualTo("group");
        eventually("the transferring agent wraps up", () -> agentState(tenant, first), "AFTER_CALL_WORK"::equals);
        command(backup, Map.of("type", "ready"));
        assertThat(offer(backup).get("callId").stringValue()).isEqualTo(vip);
        command(backup, Map.of("type", "answer", "callId", vip));

        // blind transfer to an agent who is not ready is refused and changes nothing; once ready, it rings there
        JsonNode refused =
                command(second, Map.of("type", "transfer", "callId", ordinary, "to", to("agent", first.id())));
        assertThat(refused.get("type").stringValue()).isEqualTo("error");
        assertThat(refused.get("code").stringValue()).isEqualTo("CONFLICT");
        command(first, Map.of("type", "ready"));
        assertThat(command(second, Map.of("type", "transfer", "callId", ordinary, "to", to("agent", first.id())))
                        .get("type")
                        .stringValue())
                .isEqualTo("transferred");
        assertThat(offer(first).get("callId").stringValue()).isEqualTo(ordinary);
        command(first, Map.of("type", "answer", "callId", ordinary));

        // consultation completed: the caller holds, the consulted agent is offered the consultation, then the call
        command(second, Map.of("type", "ready"));
        JsonNode consulting =
                command(first, Map.of("type", "consult", "callId", ordinary, "to", to("agent", second.id())));
        assertThat(consulting.get("type").stringValue())
                .as(consulting.toString())
                .isEqualTo("consulting");
        String consultId = consulting.get("consultId").stringValue();
        JsonNode consultOffer = offer(second);
        assertThat(consultOffer.get("callId").stringValue()).isEqualTo(consultId);
        assertThat(consultOffer.get("consultOf").stringValue()).isEqualTo(ordinary);
        assertThat(consultOffer.get("from").stringValue()).isEqualTo(first.id());
        assertThat(command(second, Map.of("type", "answer", "callId", consultId))
                        .get("state")
                        .stringValue())
                .isEqualTo("TALKING");
        JsonNode completed = command(first, Map.of("type", "completeTransfer", "callId", ordinary));
        assertThat(completed.get("state").stringValue())
                .as(completed.toString())
                .isEqualTo("AFTER_CALL_WORK");

        // consultation cancelled: the group's ready agent is offered it, answers, and is released; the caller is back
        command(first, Map.of("type", "ready"));
        JsonNode consultingGroup =
                command(backup, Map.of("type", "consult", "callId", vip, "to", to("group", "support")));
        assertThat(consultingGroup.get("type").stringValue()).isEqualTo("consulting");
        JsonNode groupOffer = offer(first);
        assertThat(groupOffer.get("consultOf").stringValue()).isEqualTo(vip);
        command(
                first,
                Map.of("type", "answer", "callId", groupOffer.get("callId").stringValue()));
        JsonNode cancelled = command(backup, Map.of("type", "cancelConsult", "callId", vip));
        assertThat(cancelled.get("state").stringValue())
                .as(cancelled.toString())
                .isEqualTo("TALKING");
        eventually("the consulted agent is free again", () -> agentState(tenant, first), "READY"::equals);

        // the agents hang up: the callers get their BYE
        command(second, Map.of("type", "hangUp", "callId", ordinary));
        command(backup, Map.of("type", "hangUp", "callId", vip));

        Map<String, Object> ordinaryRecord = eventually(
                "the ordinary caller's record",
                () -> row(
                        "SELECT * FROM call_record WHERE tenant_id = ? AND call_id = ?::uuid", tenant.slug(), ordinary),
                r -> "ANSWERED".equals(r.get("outcome")) && "COMPLETED".equals(r.get("consult_result")));
        assertThat(ordinaryRecord)
                .containsEntry("agent_id", second.id())
                .containsEntry("transfers", 2)
                .containsEntry("consults", 1)
                .containsEntry("transferred_to", "agent " + second.id())
                .containsEntry("transferred_by", first.id())
                .containsEntry("priority", 0);
        Map<String, Object> vipRecord = eventually(
                "the VIP's record",
                () -> row("SELECT * FROM call_record WHERE tenant_id = ? AND call_id = ?::uuid", tenant.slug(), vip),
                r -> "ANSWERED".equals(r.get("outcome")) && "CANCELLED".equals(r.get("consult_result")));
        assertThat(vipRecord)
                .containsEntry("agent_id", backup.id())
                .containsEntry("transfers", 1)
                .containsEntry("consults", 1)
                .containsEntry("transferred_to", "group backup")
                .containsEntry("transferred_by", first.id())
                .containsEntry("priority", 9);
        assertThat(decisions(tenant.slug(), ordinary))
                .contains("CallTransferred", "ConsultStarted", "ConsultEnded")
                .endsWith("CallEnded");
        assertThat(decisions(tenant.slug(), vip))
                .containsSubsequence("CallAnswered", "CallTransferred", "CallQueued", "CallOffered", "CallAnswered")
                .contains("ConsultStarted", "ConsultEnded");
        assertThat(events(tenant.slug(), vip, "CallTransferred", "ConsultStarted", "ConsultEnded", "CallEnded"))
                .as("the VIP's events on the tenant's topic")
                .containsSubsequence(
                        "CallArrived",
                        "CallAnswered",
                        "CallTransferred",
                        "CallAnswered",
                        "ConsultStarted",
                        "ConsultEnded",
                        "CallEnded");
        assertThat(events(tenant.slug(), ordinary, "CallTransferred", "ConsultEnded", "CallEnded"))
                .containsSubsequence("CallTransferred", "ConsultStarted", "ConsultEnded", "CallEnded");
        assertThat(row(
                                "SELECT detail FROM acd_decision WHERE tenant_id = ? AND call_id = ?::uuid AND kind = 'ConsultEnded'",
                                tenant.slug(),
                                vip)
                        .get("detail")
                        .toString())
                .startsWith("CANCELLED " + groupOffer.get("callId").stringValue());
    }

    @Test
    void aWaitingCallOverflowsToTheOtherGroupAndGoesToItsLongestIdleAgent() throws Exception {
        Tenant tenant = tenant(AcdSettings.defaults()
                .withAfterCallWork(Duration.ofMinutes(10))
                .withRingTimeout(Duration.ofMinutes(2))
                .withOverflow(
                        SkillId.of("support"), new AcdSettings.Overflow(SkillId.of("backup"), Duration.ofSeconds(3))));
        Path work = Files.createTempDirectory("overflow-");
        agent(tenant, "support"); // signed in, never ready: the call waits in its own group
        Agent idleLonger = agent(tenant, "backup");
        Agent idleShorter = agent(tenant, "backup");
        command(idleLonger, Map.of("type", "ready"));
        Thread.sleep(1_100); // idle times must differ by more than the clock's resolution on this machine
        command(idleShorter, Map.of("type", "ready"));

        String call = dial(tenant, "13912345670", work);

        JsonNode offered = offer(idleLonger);
        assertThat(offered.get("callId").stringValue()).isEqualTo(call);
        assertThat(idleShorter.socket().receives("offer", Duration.ofSeconds(2)))
                .isFalse();
        Map<String, Object> record = eventually(
                "the record shows the overflow",
                () -> row("SELECT * FROM call_record WHERE tenant_id = ? AND call_id = ?::uuid", tenant.slug(), call),
                r -> "backup".equals(r.get("overflowed_to")));
        assertThat(record).containsEntry("skill_group", "support");
        assertThat(decisions(tenant.slug(), call))
                .containsSubsequence("CallArrived", "CallQueued", "CallOverflowed", "CallOffered");
    }

    @Test
    void aCallerAskedTheSurveyAfterTheAgentHungUpRatesTheCallWithAKey() throws Exception {
        Tenant tenant = tenant(AcdSettings.defaults()
                .withAfterCallWork(Duration.ofMinutes(10))
                .withRingTimeout(Duration.ofMinutes(2)));
        var http = cn.hotline.call.support.Http.client(httpPort);
        String admin = Http.admin(tenant.slug());
        http.put()
                .uri("/tenants/{t}/survey/settings", tenant.slug())
                .header("Authorization", "Bearer " + admin)
                .bodyValue(Map.of("enabled", true, "timeoutSeconds", 3, "scores", Map.of("1", 1, "9", 5)))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field")
                .isEqualTo("timeoutSeconds")
                .consumeWith(ignored -> {});
        http.put()
                .uri("/tenants/{t}/survey/settings", tenant.slug())
                .header("Authorization", "Bearer " + Http.agent(tenant.slug()))
                .bodyValue(Map.of("enabled", true))
                .exchange()
                .expectStatus()
                .isForbidden();
        http.put()
                .uri("/tenants/{t}/survey/settings", tenant.slug())
                .header("Authorization", "Bearer " + admin)
                .bodyValue(Map.of("enabled", true, "timeoutSeconds", 20))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.scores.4")
                .isEqualTo(4);
        Path work = Files.createTempDirectory("survey-");
        Agent agent = agent(tenant, "support");
        command(agent, Map.of("type", "ready"));

        // the caller presses 4 (RFC 4733 in its RTP) every 3 s; only presses after the agent has left count
        Set<Integer> keysAt = new java.util.HashSet<>();
        for (int second = 3; second < 165; second += 3) {
            keysAt.add(second);
        }
        SippCaller[] sipp = new SippCaller[1];
        String call = dial(tenant, "13912345671", work, keysAt, 4, sipp);
        assertThat(offer(agent).get("callId").stringValue()).isEqualTo(call);
        command(agent, Map.of("type", "answer", "callId", call));
        JsonNode hungUp = command(agent, Map.of("type", "hangUp", "callId", call));
        assertThat(hungUp.get("state").stringValue()).isEqualTo("AFTER_CALL_WORK");

        Map<String, Object> record = eventually(
                "the survey's score on the call record",
                () -> row("SELECT * FROM call_record WHERE tenant_id = ? AND call_id = ?::uuid", tenant.slug(), call),
                r -> r.get("survey_score") != null);
        assertThat(record).containsEntry("survey_score", 4).containsEntry("outcome", "ANSWERED");
        assertThat(decisions(tenant.slug(), call)).containsSubsequence("CallEnded", "SurveyAnswered");
        assertThat(events(tenant.slug(), call, "SurveyAnswered")).containsSubsequence("CallEnded", "SurveyAnswered");
        assertThat(sipp[0].finish(WAIT)).as("SIPp got its BYE after the survey").isZero();
    }

    private static double number(Map<String, Object> stats, String key) {
        return ((Number) stats.getOrDefault(key, 0)).doubleValue();
    }

    @Test
    void aBlindTransferToAnAgentMovesTheCallersVoiceToThatAgentsBrowser() throws Exception {
        Tenant tenant = tenant(AcdSettings.defaults()
                .withAfterCallWork(Duration.ofMinutes(10))
                .withRingTimeout(Duration.ofMinutes(2)));
        Path work = Files.createTempDirectory("transfer-audio-");
        Path microphone = cn.hotline.media.testing.Audio.tone(work.resolve("agent-voice.wav"), 1000, 10);
        Agent first = agent(tenant, "support");
        Agent second = agent(tenant, "backup");
        try (var firstBrowser = new cn.hotline.media.testing.AgentBrowser(microphone);
                var secondBrowser = new cn.hotline.media.testing.AgentBrowser(microphone)) {
            command(first, Map.of("type", "ready"));
            command(second, Map.of("type", "ready"));
            SippCaller[] sipp = new SippCaller[1];
            String call = dial(tenant, "13912345672", work, Set.of(), 1, sipp);
            assertThat(offer(first).get("callId").stringValue()).isEqualTo(call);
            JsonNode answered = command(first, Map.of("type", "answer", "callId", call, "sdp", firstBrowser.offer()));
            assertThat(answered.get("type").stringValue())
                    .as(answered.toString())
                    .isEqualTo("answered");
            firstBrowser.answer(answered.get("sdp").stringValue());
            eventually(
                    "the first agent hears the caller",
                    firstBrowser::stats,
                    stats -> number(stats, "bytesReceived") > 8_000 && number(stats, "heard") > 0.001);

            assertThat(command(first, Map.of("type", "transfer", "callId", call, "to", to("agent", second.id())))
                            .get("type")
                            .stringValue())
                    .isEqualTo("transferred");
            assertThat(offer(second).get("callId").stringValue()).isEqualTo(call);
            JsonNode taken = command(second, Map.of("type", "answer", "callId", call, "sdp", secondBrowser.offer()));
            assertThat(taken.get("type").stringValue()).as(taken.toString()).isEqualTo("answered");
            secondBrowser.answer(taken.get("sdp").stringValue());
            eventually(
                    "the second agent hears the caller",
                    secondBrowser::stats,
                    stats -> number(stats, "bytesReceived") > 8_000 && number(stats, "heard") > 0.001);

            command(second, Map.of("type", "hangUp", "callId", call));
            assertThat(sipp[0].finish(WAIT)).as("SIPp got its BYE").isZero();
            Map<String, Object> record = eventually(
                    "the record names the second agent",
                    () -> row(
                            "SELECT * FROM call_record WHERE tenant_id = ? AND call_id = ?::uuid", tenant.slug(), call),
                    r -> "ANSWERED".equals(r.get("outcome")));
            assertThat(record)
                    .containsEntry("agent_id", second.id())
                    .containsEntry("transferred_to", "agent " + second.id());
            eventually(
                    "one recording of the whole call (archived, or spooled for the store)",
                    () -> row(
                            "SELECT status FROM call_recording WHERE tenant_id = ? AND call_id = ?::uuid",
                            tenant.slug(),
                            call),
                    r -> r.get("status") != null);
        }
    }
}

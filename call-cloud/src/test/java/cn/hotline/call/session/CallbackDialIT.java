package cn.hotline.call.session;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.agent.AgentClient;
import cn.hotline.call.sip.Sipp;
import cn.hotline.call.sip.TenantDirectoryStub;
import cn.hotline.call.support.Http;
import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.media.testing.AgentBrowser;
import cn.hotline.media.testing.Audio;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
 * Outbound callbacks from the agent's browser with real peers: headless Chromium (fake microphone, a 1 kHz tone) as
 * the agent's phone, call-cloud's UAC and rtpengine, a SIPp far end that echoes the media it receives (through devstack's
 * Kamailio, which record-routes the outbound INVITE). Asserts the far end's INVITE (tenant caller id), audio
 * both ways (the browser hears its own tone echoed through the far end), the pushes, the outbound call record, the
 * callback task's outcome and attempts, the recording and the quota entry.
 */
@RealServers
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "cc.call.sip.trunks.loopback.addresses=127.0.0.1",
            "cc.call.sip.trunks.loopback.area-code=0551",
            "cc.call.outbound.trunk=loopback",
            "cc.call.outbound.ring-timeout=5s",
        })
class CallbackDialIT {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TenantDirectoryStub DIRECTORY = new TenantDirectoryStub();
    private static final String TENANT = Http.freshTenant("dial");
    /** A tenant of its own with a wait limit (CHOICE), so that the other tests' callers wait without one. */
    private static final String KEPT = Http.freshTenant("kept");

    private static final String CALLER_ID = "055165312345";
    private static final int FAR_PORT = LiveCalls.freeUdpPort();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
        registry.add("cc.call.admission.tenant-service-url", DIRECTORY::url);
        registry.add("cc.call.sip.port", () -> "0");
        LiveCalls.outboundThroughEdge(registry, FAR_PORT, TENANT, CALLER_ID);
        registry.add("cc.call.outbound.caller-ids[" + KEPT + "]", () -> CALLER_ID);
        LiveCalls.devstackRtpengine(registry);
    }

    @AfterAll
    static void stopStub() {
        DIRECTORY.close();
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    cn.hotline.call.sip.SipEdge edge;

    @Autowired
    cn.hotline.call.acd.AcdManagement acd;

    private Sipp.Serving farEnd;

    @AfterEach
    void stopFarEnd() {
        if (farEnd != null) {
            farEnd.stop();
        }
    }

    /** The far end the callbacks reach: answers, echoes the agent's audio for {@code talkMs}, then hangs up. */
    private static Sipp.Serving answeringFarEnd(int talkMs) throws Exception {
        return Sipp.serve(
                Sipp.scenario(
                        "uas_outbound.xml",
                        Map.of(
                                "@OUR_BYE_START@", "<!--",
                                "@OUR_BYE_END@", "-->",
                                "@FAR_BYE_START@", "",
                                "@FAR_BYE_END@", "",
                                "@TALK_MS@", Integer.toString(talkMs))),
                "127.0.0.1",
                FAR_PORT,
                1,
                List.of("-rtp_echo"));
    }

    private AgentClient notReadyAgent(String token) throws Exception {
        AgentClient agent = AgentClient.connect(URI.create("ws://127.0.0.1:" + httpPort + "/ws/agent"), token);
        assertThat(agent.request("{\"type\":\"signIn\"}").get("type").stringValue())
                .isEqualTo("state");
        return agent;
    }

    /** The tenant may have ten calls at once. */
    private void allowCalls(String tenant) {
        redis.opsForHash()
                .put("t:" + tenant + ":quota", "limit:CONCURRENT_CALLS", "10")
                .block(WAIT);
    }

    /** A called number of the tenant's own (the directory stub names it), with calls allowed. */
    private String inboundNumber(String tenant) {
        String number =
                "0551" + java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
        DIRECTORY.owners.put(number, tenant);
        allowCalls(tenant);
        return number;
    }

    private static JsonNode dial(AgentClient agent, String number, String sdp, UUID task) throws Exception {
        return agent.request(JSON.writeValueAsString(
                Map.of("type", "dial", "number", number, "sdp", sdp, "callbackTaskId", task.toString())));
    }

    @Test
    void anAgentCallsBackFromItsBrowserWithTheTenantCallerIdAndTheTaskIsReached() throws Exception {
        allowCalls(TENANT);
        UUID task = openTask(TENANT);
        String token = TestTokens.user(TENANT, Role.AGENT);
        Path work = Files.createTempDirectory("callback-dial-");
        farEnd = answeringFarEnd(6000);
        try (AgentClient agent = notReadyAgent(token);
                AgentBrowser browser = new AgentBrowser(Audio.tone(work.resolve("agent.wav"), 1000, 20))) {
            String offer = browser.offer();
            // a ready agent could be offered a call meanwhile: it must go not ready first
            assertThat(agent.request("{\"type\":\"ready\"}").get("state").stringValue())
                    .isEqualTo("READY");
            JsonNode refused = dial(agent, "13800138000", offer, task);
            assertThat(refused.get("code").stringValue()).isEqualTo("ILLEGAL_TRANSITION");
            assertThat(agent.request("{\"type\":\"notReady\",\"reason\":\"callback\"}")
                            .get("state")
                            .stringValue())
                    .isEqualTo("NOT_READY");

            JsonNode dialing = dial(agent, "138 0013 8000", offer, task);

            assertThat(dialing.get("type").stringValue())
                    .as("reply: " + dialing)
                    .isEqualTo("dialing");
            String callId = dialing.get("callId").stringValue();
            browser.answer(dialing.get("sdp").stringValue());
            JsonNode talking = agent.next("state", WAIT);
            assertThat(talking.get("state").stringValue()).isEqualTo("TALKING");
            assertThat(talking.get("callId").stringValue()).isEqualTo(callId);
            assertThat(talking.get("direction").stringValue()).isEqualTo("OUTBOUND");
            assertThat(redis.opsForZSet()
                            .score("t:" + TENANT + ":calls", callId)
                            .block(WAIT))
                    .as("the callback counts in the tenant's concurrent calls")
                    .isNotNull();
            Map<String, Object> heard = eventually(
                    "the browser hears its voice come back from the far end",
                    browser::stats,
                    stats -> ((Number) stats.getOrDefault("heard", 0)).doubleValue() > 0.01);
            System.out.println("callback audio at the browser: " + heard);

            JsonNode ended = agent.next("callEnded", WAIT);
            assertThat(ended.get("callId").stringValue()).isEqualTo(callId);
            assertThat(ended.get("by").stringValue()).isEqualTo("far_end");
            assertThat(ended.get("outcome").stringValue()).isEqualTo("ANSWERED");
            Sipp.Result far = farEnd.await(WAIT);
            assertThat(far.allCallsSucceeded()).as(far.output()).isTrue();
            String messages = farEnd.messages();
            assertThat(messages).contains("INVITE sip:13800138000@127.0.0.1:" + FAR_PORT + " SIP/2.0");
            assertThat(messages).containsPattern("From: <sip:" + CALLER_ID + "@127.0.0.1>;tag=");
            assertThat(messages).contains("P-Asserted-Identity: <sip:" + CALLER_ID + "@127.0.0.1>");

            Map<String, Object> record = eventually(
                    "the outbound call record is complete",
                    () -> row("SELECT * FROM outbound_call WHERE tenant_id = ? AND callback_task_id = ?", task),
                    found -> found.get("ended_by") != null);
            assertThat(record)
                    .containsEntry("direction", "OUTBOUND")
                    .containsEntry("kind", "CALLBACK")
                    .containsEntry("number", "13800138000")
                    .containsEntry("caller_id", CALLER_ID)
                    .containsEntry("outcome", "ANSWERED")
                    .containsEntry("ended_by", "FAR_END");
            Map<String, Object> done = eventually(
                    "the callback task is reached",
                    () -> row("SELECT * FROM callback_task WHERE tenant_id = ? AND id = ?", task),
                    found -> "DONE".equals(found.get("status")));
            assertThat(done).containsEntry("outcome", "REACHED").containsEntry("attempts", 1);
            Map<String, Object> recording = eventually(
                    "the callback is recorded",
                    () -> row(
                            "SELECT * FROM call_recording WHERE tenant_id = ? AND call_id = ?",
                            UUID.fromString(callId)),
                    found -> !found.isEmpty());
            assertThat(String.valueOf(recording.get("agents")))
                    .isEqualTo(com.nimbusds.jwt.SignedJWT.parse(token)
                            .getJWTClaimsSet()
                            .getSubject());
            assertThat(redis.opsForZSet()
                            .score("t:" + TENANT + ":calls", callId)
                            .block(WAIT))
                    .as("the quota place is given back")
                    .isNull();
        }
    }

    @Test
    void aBusyNumberGivesTheTaskBackForAnotherAttempt() throws Exception {
        allowCalls(TENANT);
        UUID task = openTask(TENANT);
        String token = TestTokens.user(TENANT, Role.AGENT);
        Path work = Files.createTempDirectory("callback-busy-");
        farEnd = Sipp.serve(Sipp.scenario("uas_refusing.xml", Map.of("@CODE@", "486")), "127.0.0.1", FAR_PORT, 1);
        try (AgentClient agent = notReadyAgent(token);
                AgentBrowser browser = new AgentBrowser(Audio.tone(work.resolve("agent.wav"), 1000, 10))) {
            agent.request("{\"type\":\"notReady\",\"reason\":\"callback\"}");
            JsonNode dialing = dial(agent, "13800138000", browser.offer(), task);
            assertThat(dialing.get("type").stringValue())
                    .as("reply: " + dialing)
                    .isEqualTo("dialing");

            JsonNode ended = agent.next("callEnded", WAIT);
            assertThat(ended.get("by").stringValue()).isEqualTo("system");
            assertThat(ended.get("outcome").stringValue()).isEqualTo("BUSY");
            Map<String, Object> again = eventually(
                    "the task is open again",
                    () -> row("SELECT * FROM callback_task WHERE tenant_id = ? AND id = ?", task),
                    found -> Integer.valueOf(1).equals(found.get("attempts")));
            assertThat(again).containsEntry("status", "OPEN").containsEntry("outcome", "BUSY");
            assertThat(row("SELECT * FROM outbound_call WHERE tenant_id = ? AND callback_task_id = ?", task))
                    .containsEntry("outcome", "BUSY")
                    .containsEntry("sip_status", 486);

            JsonNode unknown = dial(agent, "13800138000", browser.offer(), UUID.randomUUID());
            assertThat(unknown.get("code").stringValue()).isEqualTo("NOT_FOUND");
            JsonNode bad = agent.request(
                    JSON.writeValueAsString(Map.of("type", "dial", "number", "not a number", "sdp", browser.offer())));
            assertThat(bad.get("code").stringValue()).isEqualTo("VALIDATION_FAILED");
        }
    }

    @Test
    void anAgentOnACallbackIsTalkingInTheAcdSoACallerArrivingMeanwhileWaitsAndIsOfferedAfterItsWrapUp()
            throws Exception {
        // the tenant with an outbound caller id; a number of its own for the inbound caller
        String tenant = TENANT;
        String number = inboundNumber(tenant);
        cn.hotline.kernel.id.TenantId id = cn.hotline.kernel.id.TenantId.of(tenant);
        acd.configure(
                        id,
                        cn.hotline.call.acd.domain.AcdSettings.defaults().withAfterCallWork(Duration.ofSeconds(4)),
                        "test")
                .block(WAIT);
        String token = TestTokens.user(tenant, Role.AGENT);
        String agentId =
                com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getSubject();
        Path work = Files.createTempDirectory("callback-acd-");
        farEnd = answeringFarEnd(8000);
        try (AgentClient agent = AgentClient.connect(URI.create("ws://127.0.0.1:" + httpPort + "/ws/agent"), token);
                AgentBrowser browser = new AgentBrowser(Audio.tone(work.resolve("agent.wav"), 1000, 20))) {
            agent.request("{\"type\":\"signIn\",\"skills\":[{\"skill\":\"general\",\"level\":5}]}");
            agent.request("{\"type\":\"notReady\",\"reason\":\"callback\"}");
            JsonNode dialing = agent.request(
                    JSON.writeValueAsString(Map.of("type", "dial", "number", "13800138000", "sdp", browser.offer())));
            assertThat(dialing.get("type").stringValue())
                    .as("reply: " + dialing)
                    .isEqualTo("dialing");
            String outbound = dialing.get("callId").stringValue();
            browser.answer(dialing.get("sdp").stringValue());
            assertThat(acd.agent(id, cn.hotline.call.acd.domain.AgentId.of(agentId))
                            .block(WAIT)
                            .state())
                    .as("the ACD has the dialling agent talking on its outbound call")
                    .isEqualTo(new cn.hotline.call.acd.domain.AgentState.Talking(
                            new cn.hotline.kernel.id.CallId(UUID.fromString(outbound))));

            try (SippCaller caller = SippCaller.to(
                    "127.0.0.1:" + edge.port(),
                    "uac_abandon.xml",
                    number,
                    work,
                    Map.of("@WAIT_MS@", "40000", "@BEFORE_WAIT@", ""))) {
                Map<String, Object> waiting = eventually(
                        "the caller's call waits in the queue",
                        () -> tenantRow(
                                tenant, "SELECT * FROM call_record WHERE tenant_id = ? AND outcome = 'WAITING'"),
                        found -> !found.isEmpty());
                String inbound = String.valueOf(waiting.get("call_id"));
                assertThat(agent.receives("offer", Duration.ofSeconds(2)))
                        .as("no inbound offer while the agent is on its callback")
                        .isFalse();

                JsonNode ended = agent.next("callEnded", WAIT);
                assertThat(ended.get("callId").stringValue()).isEqualTo(outbound);
                JsonNode wrapUp = agent.next("state", WAIT);
                assertThat(wrapUp.get("state").stringValue()).isEqualTo("AFTER_CALL_WORK");
                assertThat(agent.receives("offer", Duration.ofSeconds(2)))
                        .as("no offer during the wrap-up")
                        .isFalse();

                JsonNode offer = agent.next("offer", WAIT);
                assertThat(offer.get("callId").stringValue())
                        .as("after the wrap-up the waiting caller is offered to the agent")
                        .isEqualTo(inbound);
                // leave nothing waiting for the other tests of this tenant
                agent.request(JSON.writeValueAsString(Map.of("type", "answer", "callId", inbound)));
                agent.request(JSON.writeValueAsString(Map.of("type", "hangUp", "callId", inbound)));
            }
            Map<String, Object> states = tenantRow(
                    tenant,
                    "SELECT string_agg(detail, ',' ORDER BY id) AS details FROM acd_decision WHERE tenant_id = ?"
                            + " AND kind = 'AgentStateChanged' AND agent_id = '" + agentId + "'");
            assertThat(String.valueOf(states.get("details")))
                    .as("the talk and the wrap-up are in the state history the agent-state report reads")
                    .contains("NOT_READY->TALKING,TALKING->AFTER_CALL_WORK,AFTER_CALL_WORK->READY,READY->OFFERED");
            String today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"))
                    .toString();
            String report = Http.client(httpPort)
                    .get()
                    .uri("/tenants/{t}/reports/agent-states?from={d}&to={d}", tenant, today, today)
                    .header("Authorization", "Bearer " + TestTokens.user(tenant, Role.SUPERVISOR))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
            JsonNode seconds = null;
            for (JsonNode row : JSON.readTree(report).get("rows")) {
                if (agentId.equals(row.get("agent").stringValue())) {
                    seconds = row.get("seconds");
                }
            }
            assertThat(seconds)
                    .as("the agent-state report has the agent: " + report)
                    .isNotNull();
            assertThat(seconds.get("TALKING").longValue())
                    .as("the callback's talk (8 s after the answer) counts as talking")
                    .isGreaterThanOrEqualTo(7);
            assertThat(seconds.get("AFTER_CALL_WORK").longValue()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void aCallerAtTheWaitLimitKeepsItsPlaceByKeyingOneAndTheAgentWhoGetsItCallsItBack() throws Exception {
        String number = inboundNumber(KEPT);
        cn.hotline.kernel.id.TenantId id = cn.hotline.kernel.id.TenantId.of(KEPT);
        acd.configureQueueLimit(
                        id,
                        java.util.Optional.of(new cn.hotline.call.acd.QueueLimit(
                                Duration.ofSeconds(30), cn.hotline.call.acd.QueueLimit.Action.CHOICE)),
                        "test")
                .block(WAIT);
        String token = TestTokens.user(KEPT, Role.AGENT);
        Path work = Files.createTempDirectory("callback-kept-");
        farEnd = answeringFarEnd(6000);
        String edgeAddress = "127.0.0.1:" + edge.port();
        try (AgentClient agent = AgentClient.connect(URI.create("ws://127.0.0.1:" + httpPort + "/ws/agent"), token);
                AgentBrowser browser = new AgentBrowser(Audio.tone(work.resolve("agent.wav"), 1000, 30));
                // the first caller: nobody serves the queue; at the 30 s limit it is asked and keys 1 at 33 s
                SippCaller first = SippCaller.keying(edgeAddress, "uac_live.xml", number, work, Set.of(33), 1)) {
            agent.request("{\"type\":\"signIn\",\"skills\":[{\"skill\":\"general\",\"level\":5}]}");
            agent.request("{\"type\":\"notReady\",\"reason\":\"meeting\"}");
            Map<String, Object> waiting = eventually(
                    "the first caller waits",
                    () -> tenantRow(KEPT, "SELECT * FROM call_record WHERE tenant_id = ? AND outcome = 'WAITING'"),
                    found -> !found.isEmpty());
            String keptCall = String.valueOf(waiting.get("call_id"));
            Thread.sleep(3_000);
            try (SippCaller second = SippCaller.to(
                    edgeAddress, "uac_abandon.xml", number, work, Map.of("@WAIT_MS@", "60000", "@BEFORE_WAIT@", ""))) {
                Map<String, Object> kept = eventually(
                        "the first caller keyed 1 and keeps its place",
                        () -> tenantRow(
                                KEPT, "SELECT * FROM call_record WHERE tenant_id = ? AND call_id = '" + keptCall + "'"),
                        found -> "CALLBACK_KEPT".equals(found.get("outcome")));
                assertThat(kept.get("answered_at")).isNull();
                Map<String, Object> task = tenantRow(
                        KEPT, "SELECT * FROM callback_task WHERE tenant_id = ? AND call_id = '" + keptCall + "'");
                assertThat(task)
                        .containsEntry("reason", "QUEUE_CALLBACK")
                        .containsEntry("status", "CLAIMED")
                        .containsEntry("claimed_by", "acd-queue");
                assertThat(first.finish(Duration.ofSeconds(30)))
                        .as("the first caller heard the confirmation and was hung up")
                        .isZero();
                assertThat(tenantRow(
                                        KEPT,
                                        "SELECT count(*) AS n FROM call_record WHERE tenant_id = ? AND outcome ="
                                                + " 'WAITING'")
                                .get("n"))
                        .as("the second caller still waits, behind the kept callback")
                        .isEqualTo(1L);

                JsonNode ready = agent.request("{\"type\":\"ready\"}");
                JsonNode offer = ready.get("type").stringValue().equals("offer") ? ready : agent.next("offer", WAIT);
                assertThat(offer.get("callId").stringValue())
                        .as("the kept callback is offered first: it kept its place")
                        .isEqualTo(keptCall);
                assertThat(offer.get("callback").booleanValue()).isTrue();
                assertThat(offer.get("caller").stringValue()).isEqualTo("13912345678");

                JsonNode answered = agent.request(
                        JSON.writeValueAsString(Map.of("type", "answer", "callId", keptCall, "sdp", browser.offer())));
                assertThat(answered.get("type").stringValue())
                        .as("reply: " + answered)
                        .isEqualTo("answered");
                assertThat(answered.get("callback").booleanValue()).isTrue();
                browser.answer(answered.get("sdp").stringValue());
                JsonNode talking = agent.next("state", WAIT);
                while (!"OUTBOUND".equals(talking.path("direction").stringValue(""))) {
                    talking = agent.next("state", WAIT);
                }
                assertThat(talking.get("callId").stringValue()).isEqualTo(keptCall);
                Map<String, Object> heard = eventually(
                        "the agent hears the called-back caller",
                        browser::stats,
                        stats -> ((Number) stats.getOrDefault("heard", 0)).doubleValue() > 0.01);
                System.out.println("kept callback audio at the browser: " + heard);
                JsonNode ended = agent.next("callEnded", WAIT);
                assertThat(ended.get("callId").stringValue()).isEqualTo(keptCall);
                assertThat(ended.get("outcome").stringValue()).isEqualTo("ANSWERED");
                String messages = farEnd.messages();
                assertThat(messages).contains("INVITE sip:13912345678@127.0.0.1:" + FAR_PORT + " SIP/2.0");
                assertThat(messages).containsPattern("From: <sip:" + CALLER_ID + "@127.0.0.1>;tag=");

                Map<String, Object> done = eventually(
                        "the kept callback's task is reached",
                        () -> tenantRow(
                                KEPT,
                                "SELECT * FROM callback_task WHERE tenant_id = ? AND call_id = '" + keptCall + "'"),
                        found -> "DONE".equals(found.get("status")));
                assertThat(done).containsEntry("outcome", "REACHED").containsEntry("attempts", 1);
                Map<String, Object> record = tenantRow(
                        KEPT,
                        "SELECT * FROM outbound_call WHERE tenant_id = ? AND callback_task_id = '" + done.get("id")
                                + "'");
                assertThat(record)
                        .containsEntry("kind", "CALLBACK")
                        .containsEntry("number", "13912345678")
                        .containsEntry("outcome", "ANSWERED");
                Map<String, Object> after = tenantRow(
                        KEPT, "SELECT * FROM call_record WHERE tenant_id = ? AND call_id = '" + keptCall + "'");
                assertThat(after.get("outcome"))
                        .as("the inbound call stays a kept callback, not answered")
                        .isEqualTo("CALLBACK_KEPT");
                assertThat(after.get("answered_at")).isNull();
                assertThat(after.get("offers")).isEqualTo(1);
            }
        }
    }

    private static Map<String, Object> tenantRow(String tenant, String sql) {
        StackEndpoints stack = TestStack.endpoints();
        try (Connection c = DriverManager.getConnection(
                        stack.jdbcUrl("cc_call"), stack.pgSuperuser(), stack.pgSuperpassword());
                var s = c.prepareStatement(sql)) {
            s.setString(1, tenant);
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

    /** An open must-call-back task of the tenant (as the missed-call follower writes them). */
    private static UUID openTask(String tenant) {
        UUID id = UUID.randomUUID();
        StackEndpoints stack = TestStack.endpoints();
        try (Connection c = DriverManager.getConnection(
                        stack.jdbcUrl("cc_call"), stack.pgSuperuser(), stack.pgSuperpassword());
                var s = c.prepareStatement("INSERT INTO callback_task (tenant_id, id, call_id, reason, arrived_at,"
                        + " due_at, status) VALUES (?, ?, ?, 'ABANDONED', now(), now(), 'OPEN')")) {
            s.setString(1, tenant);
            s.setObject(2, id);
            s.setObject(3, UUID.randomUUID());
            s.executeUpdate();
            return id;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
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

    private static Map<String, Object> row(String sql, UUID key) {
        StackEndpoints stack = TestStack.endpoints();
        try (Connection c = DriverManager.getConnection(
                        stack.jdbcUrl("cc_call"), stack.pgSuperuser(), stack.pgSuperpassword());
                var s = c.prepareStatement(sql)) {
            s.setString(1, TENANT);
            s.setObject(2, key);
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

package cn.hotline.call.session;

import static cn.hotline.call.session.LiveCalls.WAIT;
import static cn.hotline.call.session.LiveCalls.eventually;
import static cn.hotline.call.session.LiveCalls.row;
import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.agent.AgentClient;
import cn.hotline.call.sip.TenantDirectoryStub;
import cn.hotline.call.support.CalendarServer;
import cn.hotline.devstack.test.Baresip;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.media.testing.AgentBrowser;
import cn.hotline.media.testing.Audio;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.DoubleSupplier;
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
 * Consultation with audio and three-way calls with real parts: baresip calls through devstack's Kamailio (it sends a
 * 440 Hz tone and records what it decodes), two agents in headless Chromium with different fake-microphone tones
 * (1000 Hz and 1600 Hz) on real {@code /ws/agent} sockets, rtpengine + Janus AudioBridge mixing. Each party's tone is
 * measured where it should (and should not) arrive.
 */
@RealServers
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "cc.call.sip.trunks.loopback.addresses=127.0.0.1",
            "cc.call.sip.trunks.loopback.trust-asserted-identity=true",
            "cc.call.sip.trunks.loopback.area-code=0551",
            "cc.call.acd.after-call-work=0s",
            "cc.call.acd.ring-timeout=60s",
            "cc.call.session.announce-every=0s",
        })
class ThreeWayCallIT {

    private static final double CALLER_HZ = 440;
    private static final double AGENT_HZ = 1000;
    private static final double CONSULTED_HZ = 1600;
    /** Browser levels (dB of the tone in what the page plays): a party heard is about −25 to −55, silence below −70. */
    private static final double HEARD_DB = -60;

    private static final double SILENT_DB = -70;
    private static final TenantDirectoryStub DIRECTORY = new TenantDirectoryStub();
    private static final CalendarServer CALENDAR = new CalendarServer();
    private static final JsonMapper JSON = JsonMapper.builder().build();

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

    private URI socket() {
        return URI.create("ws://127.0.0.1:" + httpPort + "/ws/agent");
    }

    private static String subject(String token) throws Exception {
        return com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getSubject();
    }

    private static JsonNode command(AgentClient agent, Map<String, Object> message) throws Exception {
        return agent.request(JSON.writeValueAsString(message));
    }

    /** A browser's level of a tone once it passes {@code heard} (or the last level read after 30 s). */
    private static double awaitDb(DoubleSupplier level, java.util.function.DoublePredicate heard)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        double last = level.getAsDouble();
        while (!heard.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            last = level.getAsDouble();
        }
        return last;
    }

    /** What baresip decoded in the next {@code seconds} (after the mixer settled for a second). */
    private static Baresip.Heard listen(Baresip caller, int seconds) throws InterruptedException {
        Thread.sleep(1_000);
        Duration mark = caller.heard().duration();
        Thread.sleep(seconds * 1_000L);
        return caller.heard().since(mark);
    }

    /** The call's decision kinds in order, as the call-event relay publishes them. */
    private static String decisions(String tenant, String call) {
        return String.valueOf(row(
                        "SELECT string_agg(kind, ',' ORDER BY id) AS kinds FROM acd_decision"
                                + " WHERE tenant_id = ? AND call_id = ?::uuid",
                        tenant,
                        call)
                .get("kinds"));
    }

    /** A connected call from baresip, answered by the first agent with audio; the second agent signed in. */
    private record Setup(String callId, String consultId) {}

    private Setup consultWithAudio(
            LiveCalls.Tenant tenant,
            AgentClient agent,
            AgentBrowser agentBrowser,
            AgentClient consulted,
            String consultedId,
            AgentBrowser consultedBrowser,
            Baresip caller)
            throws Exception {
        LiveCalls.dial(caller, tenant.number());
        JsonNode offer = agent.next("offer", WAIT);
        String callId = offer.get("callId").stringValue();
        JsonNode answered = command(agent, Map.of("type", "answer", "callId", callId, "sdp", agentBrowser.offer()));
        assertThat(answered.get("type").stringValue()).as("reply: " + answered).isEqualTo("answered");
        agentBrowser.answer(answered.get("sdp").stringValue());
        assertThat(awaitDb(() -> agentBrowser.toneLevel(CALLER_HZ), level -> level > HEARD_DB))
                .as("the agent hears the caller before the consultation")
                .isGreaterThan(HEARD_DB);

        assertThat(command(consulted, Map.of("type", "ready")).get("state").stringValue())
                .isEqualTo("READY");
        JsonNode consulting = command(
                agent,
                Map.of("type", "consult", "callId", callId, "to", Map.of("kind", "agent", "value", consultedId)));
        assertThat(consulting.get("type").stringValue())
                .as("reply: " + consulting)
                .isEqualTo("consulting");
        String consultId = consulting.get("consultId").stringValue();
        JsonNode consultOffer = consulted.next("offer", WAIT);
        assertThat(consultOffer.get("callId").stringValue()).isEqualTo(consultId);
        assertThat(consultOffer.get("consultOf").stringValue()).isEqualTo(callId);
        JsonNode consultAnswered =
                command(consulted, Map.of("type", "answer", "callId", consultId, "sdp", consultedBrowser.offer()));
        assertThat(consultAnswered.get("type").stringValue())
                .as("reply: " + consultAnswered)
                .isEqualTo("answered");
        consultedBrowser.answer(consultAnswered.get("sdp").stringValue());
        return new Setup(callId, consultId);
    }

    @Test
    void agentsTalkDuringTheConsultationThenAThreeWayCallThenTheFirstAgentLeavesTheCallerWithTheSecond()
            throws Exception {
        LiveCalls.Tenant tenant = LiveCalls.tenant("threeway", DIRECTORY, redis);
        Path work = Files.createTempDirectory("three-way-");
        String agentToken = TestTokens.user(tenant.slug(), Role.AGENT);
        String consultedToken = TestTokens.user(tenant.slug(), Role.AGENT);
        String agentId = subject(agentToken);
        String consultedId = subject(consultedToken);
        try (AgentClient agent = LiveCalls.readyAgent(socket(), agentToken, "general");
                AgentClient consulted = LiveCalls.signedInAgent(socket(), consultedToken, "general");
                AgentBrowser agentBrowser = new AgentBrowser(Audio.tone(work.resolve("agent.wav"), AGENT_HZ, 10));
                AgentBrowser consultedBrowser =
                        new AgentBrowser(Audio.tone(work.resolve("consulted.wav"), CONSULTED_HZ, 10));
                Baresip caller = Baresip.start(
                        work.resolve("baresip"),
                        "13912345601",
                        Baresip.tone(work.resolve("caller.wav"), CALLER_HZ, Duration.ofMinutes(3)))) {
            Setup call =
                    consultWithAudio(tenant, agent, agentBrowser, consulted, consultedId, consultedBrowser, caller);

            // consultation: the two agents hear each other, the caller holds with music and hears neither
            JsonNode parties = agent.next("parties", WAIT);
            assertThat(parties.get("consultId").stringValue()).isEqualTo(call.consultId());
            assertThat(parties.get("parties").get(0).get("role").stringValue()).isEqualTo("caller");
            assertThat(parties.get("parties").get(0).get("onHold").booleanValue())
                    .as("the caller holds while the agents talk: " + parties)
                    .isTrue();
            double agentHearsConsulted = awaitDb(() -> agentBrowser.toneLevel(CONSULTED_HZ), level -> level > HEARD_DB);
            double consultedHearsAgent = awaitDb(() -> consultedBrowser.toneLevel(AGENT_HZ), level -> level > HEARD_DB);
            double agentHearsHeldCaller = awaitDb(() -> agentBrowser.toneLevel(CALLER_HZ), level -> level < SILENT_DB);
            double consultedHearsHeldCaller = consultedBrowser.toneLevel(CALLER_HZ);
            Baresip.Heard held = listen(caller, 3);

            // conference: the caller leaves hold, all three hear each other
            JsonNode conferenced = command(agent, Map.of("type", "conference", "callId", call.callId()));
            assertThat(conferenced.get("type").stringValue())
                    .as("reply: " + conferenced)
                    .isEqualTo("conferenced");
            assertThat(conferenced.get("consultId").stringValue()).isEqualTo(call.consultId());
            JsonNode partiesAfter = consulted.next("parties", WAIT);
            while (partiesAfter.get("parties").get(0).get("onHold").booleanValue()) {
                partiesAfter = consulted.next("parties", WAIT); // the one pushed when it answered
            }
            assertThat(partiesAfter.get("parties")).hasSize(3);
            double agentHearsCaller = awaitDb(() -> agentBrowser.toneLevel(CALLER_HZ), level -> level > HEARD_DB);
            double consultedHearsCaller =
                    awaitDb(() -> consultedBrowser.toneLevel(CALLER_HZ), level -> level > HEARD_DB);
            Baresip.Heard threeWay = eventually(
                    "baresip hears both agents",
                    () -> {
                        try {
                            return listen(caller, 2);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    heard -> heard.level(AGENT_HZ) > 300 && heard.level(CONSULTED_HZ) > 300);
            JsonNode again = command(agent, Map.of("type", "conference", "callId", call.callId()));
            assertThat(again.get("code").stringValue())
                    .as("a second conference: " + again)
                    .isEqualTo("CONFLICT");

            // the first agent hangs up: the consulted agent keeps the caller
            JsonNode left = command(agent, Map.of("type", "hangUp", "callId", call.callId()));
            assertThat(left.get("type").stringValue()).as("reply: " + left).isEqualTo("state");
            assertThat(left.get("state").stringValue()).isIn("READY", "AFTER_CALL_WORK");
            Baresip.Heard afterLeaving = eventually(
                    "baresip hears the consulted agent and no longer the agent who left",
                    () -> {
                        try {
                            return listen(caller, 2);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    heard -> heard.level(CONSULTED_HZ) > 300 && heard.level(AGENT_HZ) < heard.level(CONSULTED_HZ) / 5);
            double consultedStillHearsCaller =
                    awaitDb(() -> consultedBrowser.toneLevel(CALLER_HZ), level -> level > HEARD_DB);
            double consultedHearsLeft = awaitDb(() -> consultedBrowser.toneLevel(AGENT_HZ), level -> level < SILENT_DB);
            JsonNode consultedState = command(consulted, Map.of("type", "getState"));

            System.out.printf(
                    "consultation: agent hears consulted %.1f dB, consulted hears agent %.1f dB; held caller (%.0f Hz"
                            + " level of music energy %.0f) hears agent %.0f, consulted %.0f; agent hears the held"
                            + " caller %.1f dB, consulted %.1f dB%n",
                    agentHearsConsulted,
                    consultedHearsAgent,
                    CALLER_HZ,
                    held.energy(),
                    held.level(AGENT_HZ),
                    held.level(CONSULTED_HZ),
                    agentHearsHeldCaller,
                    consultedHearsHeldCaller);
            System.out.printf(
                    "three-way: caller hears agent %.0f, consulted %.0f; agent hears caller %.1f dB, consulted hears"
                            + " caller %.1f dB%n",
                    threeWay.level(AGENT_HZ), threeWay.level(CONSULTED_HZ), agentHearsCaller, consultedHearsCaller);
            System.out.printf(
                    "agent left: caller hears consulted %.0f, the agent who left %.0f; consulted hears caller %.1f dB,"
                            + " the agent who left %.1f dB%n",
                    afterLeaving.level(CONSULTED_HZ),
                    afterLeaving.level(AGENT_HZ),
                    consultedStillHearsCaller,
                    consultedHearsLeft);

            assertThat(agentHearsConsulted)
                    .as("the agent hears the consulted agent")
                    .isGreaterThan(HEARD_DB);
            assertThat(consultedHearsAgent)
                    .as("the consulted agent hears the agent")
                    .isGreaterThan(HEARD_DB);
            assertThat(agentHearsHeldCaller)
                    .as("the agent does not hear the held caller")
                    .isLessThan(SILENT_DB);
            assertThat(consultedHearsHeldCaller)
                    .as("the consulted agent does not hear the held caller")
                    .isLessThan(SILENT_DB);
            assertThat(held.energy()).as("the held caller hears music").isGreaterThan(50);
            assertThat(held.level(AGENT_HZ))
                    .as("the held caller does not hear the agent")
                    .isLessThan(threeWay.level(AGENT_HZ) / 5);
            assertThat(held.level(CONSULTED_HZ))
                    .as("the held caller does not hear the consulted agent")
                    .isLessThan(threeWay.level(CONSULTED_HZ) / 5);
            assertThat(agentHearsCaller)
                    .as("three-way: the agent hears the caller")
                    .isGreaterThan(HEARD_DB);
            assertThat(consultedHearsCaller)
                    .as("three-way: the consulted agent hears the caller")
                    .isGreaterThan(HEARD_DB);
            assertThat(afterLeaving.level(CONSULTED_HZ)).isGreaterThan(300);
            assertThat(afterLeaving.level(AGENT_HZ)).isLessThan(afterLeaving.level(CONSULTED_HZ) / 5);
            assertThat(consultedStillHearsCaller).isGreaterThan(HEARD_DB);
            assertThat(consultedHearsLeft).isLessThan(SILENT_DB);
            assertThat(consultedState.get("state").stringValue()).isEqualTo("TALKING");
            assertThat(consultedState.get("call").get("callId").stringValue()).isEqualTo(call.callId());

            // the caller hangs up: the consulted agent, who has the call now, is told
            caller.hangUp();
            JsonNode ended = consulted.next("callEnded", WAIT);
            assertThat(ended.get("callId").stringValue()).isEqualTo(call.callId());
            assertThat(ended.get("by").stringValue()).isEqualTo("caller");

            Map<String, Object> record = eventually(
                    "the call record is complete",
                    () -> row(
                            "SELECT * FROM call_record WHERE tenant_id = ? AND call_id = ?",
                            tenant.slug(),
                            call.callId()),
                    found -> found.get("ended_at") != null);
            assertThat(record.get("agent_id"))
                    .as("the consulted agent has the call")
                    .isEqualTo(consultedId);
            assertThat(record.get("conferenced_at"))
                    .as("the three-way call is on the record")
                    .isNotNull();
            assertThat(record.get("consult_result")).isEqualTo("COMPLETED");
            assertThat(record.get("transferred_by")).isEqualTo(agentId);
            String kinds = decisions(tenant.slug(), call.callId());
            System.out.println("decisions: " + kinds);
            assertThat(kinds).containsSubsequence("ConsultStarted", "ConferenceStarted", "ConsultEnded", "CallEnded");
        }
    }

    @Test
    void aCancelledConsultationGivesTheCallerBackToTheAgentAtOnceAndTheConsultedAgentIsToldAndHearsNothing()
            throws Exception {
        LiveCalls.Tenant tenant = LiveCalls.tenant("cancel3", DIRECTORY, redis);
        Path work = Files.createTempDirectory("three-way-cancel-");
        String consultedToken = TestTokens.user(tenant.slug(), Role.AGENT);
        String consultedId = subject(consultedToken);
        try (AgentClient agent = LiveCalls.readyAgent(socket(), TestTokens.user(tenant.slug(), Role.AGENT), "general");
                AgentClient consulted = LiveCalls.signedInAgent(socket(), consultedToken, "general");
                AgentBrowser agentBrowser = new AgentBrowser(Audio.tone(work.resolve("agent.wav"), AGENT_HZ, 10));
                AgentBrowser consultedBrowser =
                        new AgentBrowser(Audio.tone(work.resolve("consulted.wav"), CONSULTED_HZ, 10));
                Baresip caller = Baresip.start(
                        work.resolve("baresip"),
                        "13912345602",
                        Baresip.tone(work.resolve("caller.wav"), CALLER_HZ, Duration.ofMinutes(3)))) {
            Setup call =
                    consultWithAudio(tenant, agent, agentBrowser, consulted, consultedId, consultedBrowser, caller);
            double agentHearsConsulted = awaitDb(() -> agentBrowser.toneLevel(CONSULTED_HZ), level -> level > HEARD_DB);
            JsonNode refused = command(agent, Map.of("type", "retrieve", "callId", call.callId()));
            assertThat(refused.get("code").stringValue())
                    .as("retrieve during a consultation with audio: " + refused)
                    .isEqualTo("CONFLICT");

            JsonNode cancelled = command(agent, Map.of("type", "cancelConsult", "callId", call.callId()));
            assertThat(cancelled.get("state").stringValue())
                    .as("reply: " + cancelled)
                    .isEqualTo("TALKING");
            JsonNode told = consulted.next("callEnded", WAIT);
            assertThat(told.get("callId").stringValue()).isEqualTo(call.consultId());
            assertThat(told.get("reason").stringValue()).isEqualTo("consultation cancelled");

            Baresip.Heard back = eventually(
                    "baresip hears its agent again, not the consulted agent",
                    () -> {
                        try {
                            return listen(caller, 2);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    heard -> heard.level(AGENT_HZ) > 300 && heard.level(CONSULTED_HZ) < heard.level(AGENT_HZ) / 5);
            double agentHearsCaller = awaitDb(() -> agentBrowser.toneLevel(CALLER_HZ), level -> level > HEARD_DB);
            double agentHearsConsultedAfter =
                    awaitDb(() -> agentBrowser.toneLevel(CONSULTED_HZ), level -> level < SILENT_DB);
            double consultedHearsCaller =
                    awaitDb(() -> consultedBrowser.toneLevel(CALLER_HZ), level -> level < SILENT_DB);
            double consultedHearsAgent =
                    awaitDb(() -> consultedBrowser.toneLevel(AGENT_HZ), level -> level < SILENT_DB);
            System.out.printf(
                    "cancelled: agent heard consulted %.1f dB before, %.1f dB after; caller hears agent %.0f, consulted"
                            + " %.0f; agent hears caller %.1f dB; consulted hears caller %.1f dB, agent %.1f dB%n",
                    agentHearsConsulted,
                    agentHearsConsultedAfter,
                    back.level(AGENT_HZ),
                    back.level(CONSULTED_HZ),
                    agentHearsCaller,
                    consultedHearsCaller,
                    consultedHearsAgent);
            assertThat(agentHearsConsulted).isGreaterThan(HEARD_DB);
            assertThat(agentHearsCaller).as("the agent hears the caller again").isGreaterThan(HEARD_DB);
            assertThat(agentHearsConsultedAfter)
                    .as("nor the consulted agent any more")
                    .isLessThan(SILENT_DB);
            assertThat(consultedHearsCaller)
                    .as("the consulted agent hears no caller")
                    .isLessThan(SILENT_DB);
            assertThat(consultedHearsAgent).as("nor the agent").isLessThan(SILENT_DB);
            assertThat(command(consulted, Map.of("type", "getState"))
                            .get("state")
                            .stringValue())
                    .isEqualTo("READY");

            agent.send(JSON.writeValueAsString(Map.of("type", "hangUp", "callId", call.callId())));
            assertThat(caller.awaitEvent("CALL_CLOSED", WAIT))
                    .as("baresip got our BYE: " + caller.log())
                    .isPresent();
            Map<String, Object> record = eventually(
                    "the call record is complete",
                    () -> row(
                            "SELECT * FROM call_record WHERE tenant_id = ? AND call_id = ?",
                            tenant.slug(),
                            call.callId()),
                    found -> found.get("ended_at") != null);
            assertThat(record.get("consult_result")).isEqualTo("CANCELLED");
            assertThat(record.get("conferenced_at")).as("no three-way call").isNull();
        }
    }

    @Test
    void theConsultedAgentHangingUpAThreeWayCallLeavesTheCallerWithTheAgent() throws Exception {
        LiveCalls.Tenant tenant = LiveCalls.tenant("leave3", DIRECTORY, redis);
        Path work = Files.createTempDirectory("three-way-leave-");
        String agentToken = TestTokens.user(tenant.slug(), Role.AGENT);
        String consultedToken = TestTokens.user(tenant.slug(), Role.AGENT);
        String agentId = subject(agentToken);
        String consultedId = subject(consultedToken);
        try (AgentClient agent = LiveCalls.readyAgent(socket(), agentToken, "general");
                AgentClient consulted = LiveCalls.signedInAgent(socket(), consultedToken, "general");
                AgentBrowser agentBrowser = new AgentBrowser(Audio.tone(work.resolve("agent.wav"), AGENT_HZ, 10));
                AgentBrowser consultedBrowser =
                        new AgentBrowser(Audio.tone(work.resolve("consulted.wav"), CONSULTED_HZ, 10));
                Baresip caller = Baresip.start(
                        work.resolve("baresip"),
                        "13912345603",
                        Baresip.tone(work.resolve("caller.wav"), CALLER_HZ, Duration.ofMinutes(3)))) {
            Setup call =
                    consultWithAudio(tenant, agent, agentBrowser, consulted, consultedId, consultedBrowser, caller);
            awaitDb(() -> agentBrowser.toneLevel(CONSULTED_HZ), level -> level > HEARD_DB);
            JsonNode conferenced = command(agent, Map.of("type", "conference", "callId", call.callId()));
            assertThat(conferenced.get("type").stringValue())
                    .as("reply: " + conferenced)
                    .isEqualTo("conferenced");
            double consultedHeardCaller =
                    awaitDb(() -> consultedBrowser.toneLevel(CALLER_HZ), level -> level > HEARD_DB);

            JsonNode hungUp = command(consulted, Map.of("type", "hangUp", "callId", call.consultId()));
            assertThat(hungUp.get("state").stringValue()).as("reply: " + hungUp).isIn("READY", "AFTER_CALL_WORK");
            JsonNode twoLeft = agent.next("parties", WAIT);
            while (twoLeft.get("parties").size() != 2) {
                twoLeft = agent.next("parties", WAIT);
            }
            assertThat(twoLeft.get("parties").get(0).get("onHold").booleanValue())
                    .isFalse();

            Baresip.Heard after = eventually(
                    "baresip hears the agent and no longer the consulted agent",
                    () -> {
                        try {
                            return listen(caller, 2);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    heard -> heard.level(AGENT_HZ) > 300 && heard.level(CONSULTED_HZ) < heard.level(AGENT_HZ) / 5);
            double agentHearsCaller = awaitDb(() -> agentBrowser.toneLevel(CALLER_HZ), level -> level > HEARD_DB);
            double agentHearsConsulted =
                    awaitDb(() -> agentBrowser.toneLevel(CONSULTED_HZ), level -> level < SILENT_DB);
            double consultedHearsCaller =
                    awaitDb(() -> consultedBrowser.toneLevel(CALLER_HZ), level -> level < SILENT_DB);
            System.out.printf(
                    "consulted left: caller hears agent %.0f, consulted %.0f; agent hears caller %.1f dB, consulted"
                            + " %.1f dB; consulted hears caller %.1f dB (%.1f dB in the conference)%n",
                    after.level(AGENT_HZ),
                    after.level(CONSULTED_HZ),
                    agentHearsCaller,
                    agentHearsConsulted,
                    consultedHearsCaller,
                    consultedHeardCaller);
            assertThat(agentHearsCaller).isGreaterThan(HEARD_DB);
            assertThat(agentHearsConsulted).isLessThan(SILENT_DB);
            assertThat(consultedHearsCaller).isLessThan(SILENT_DB);
            assertThat(command(agent, Map.of("type", "getState")).get("state").stringValue())
                    .isEqualTo("TALKING");

            caller.hangUp();
            JsonNode ended = agent.next("callEnded", WAIT);
            assertThat(ended.get("callId").stringValue()).isEqualTo(call.callId());
            Map<String, Object> record = eventually(
                    "the call record is complete",
                    () -> row(
                            "SELECT * FROM call_record WHERE tenant_id = ? AND call_id = ?",
                            tenant.slug(),
                            call.callId()),
                    found -> found.get("ended_at") != null);
            assertThat(record.get("agent_id")).isEqualTo(agentId);
            assertThat(record.get("consult_result")).isEqualTo("ENDED");
            assertThat(record.get("conferenced_at")).isNotNull();
        }
    }

    @Test
    void theConsultedAgentHangingUpAConsultationLeavesTheCallerHeldUntilTheAgentRetrievesIt() throws Exception {
        LiveCalls.Tenant tenant = LiveCalls.tenant("hold3", DIRECTORY, redis);
        Path work = Files.createTempDirectory("three-way-hold-");
        String consultedToken = TestTokens.user(tenant.slug(), Role.AGENT);
        String consultedId = subject(consultedToken);
        try (AgentClient agent = LiveCalls.readyAgent(socket(), TestTokens.user(tenant.slug(), Role.AGENT), "general");
                AgentClient consulted = LiveCalls.signedInAgent(socket(), consultedToken, "general");
                AgentBrowser agentBrowser = new AgentBrowser(Audio.tone(work.resolve("agent.wav"), AGENT_HZ, 10));
                AgentBrowser consultedBrowser =
                        new AgentBrowser(Audio.tone(work.resolve("consulted.wav"), CONSULTED_HZ, 10));
                Baresip caller = Baresip.start(
                        work.resolve("baresip"),
                        "13912345604",
                        Baresip.tone(work.resolve("caller.wav"), CALLER_HZ, Duration.ofMinutes(3)))) {
            Setup call =
                    consultWithAudio(tenant, agent, agentBrowser, consulted, consultedId, consultedBrowser, caller);
            awaitDb(() -> agentBrowser.toneLevel(CONSULTED_HZ), level -> level > HEARD_DB);

            JsonNode hungUp = command(consulted, Map.of("type", "hangUp", "callId", call.consultId()));
            assertThat(hungUp.get("state").stringValue()).as("reply: " + hungUp).isIn("READY", "AFTER_CALL_WORK");
            JsonNode parties = agent.next("parties", WAIT);
            while (parties.get("parties").size() != 2) {
                parties = agent.next("parties", WAIT);
            }
            assertThat(parties.get("parties").get(0).get("onHold").booleanValue())
                    .as("the caller still holds: " + parties)
                    .isTrue();
            double agentHearsConsulted =
                    awaitDb(() -> agentBrowser.toneLevel(CONSULTED_HZ), level -> level < SILENT_DB);
            Baresip.Heard held = listen(caller, 3);

            JsonNode retrieved = command(agent, Map.of("type", "retrieve", "callId", call.callId()));
            assertThat(retrieved.get("state").stringValue())
                    .as("reply: " + retrieved)
                    .isEqualTo("TALKING");
            Baresip.Heard back = eventually(
                    "baresip hears its agent again",
                    () -> {
                        try {
                            return listen(caller, 2);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    heard -> heard.level(AGENT_HZ) > 300);
            double agentHearsCaller = awaitDb(() -> agentBrowser.toneLevel(CALLER_HZ), level -> level > HEARD_DB);
            System.out.printf(
                    "consulted hung up: agent hears consulted %.1f dB; held caller hears agent %.0f, consulted %.0f"
                            + " (energy %.0f); retrieved: caller hears agent %.0f, consulted %.0f; agent hears caller"
                            + " %.1f dB%n",
                    agentHearsConsulted,
                    held.level(AGENT_HZ),
                    held.level(CONSULTED_HZ),
                    held.energy(),
                    back.level(AGENT_HZ),
                    back.level(CONSULTED_HZ),
                    agentHearsCaller);
            assertThat(agentHearsConsulted).isLessThan(SILENT_DB);
            assertThat(held.level(AGENT_HZ)).as("still held").isLessThan(back.level(AGENT_HZ) / 5);
            assertThat(back.level(CONSULTED_HZ)).isLessThan(back.level(AGENT_HZ) / 5);
            assertThat(agentHearsCaller).isGreaterThan(HEARD_DB);

            agent.send(JSON.writeValueAsString(Map.of("type", "hangUp", "callId", call.callId())));
            assertThat(caller.awaitEvent("CALL_CLOSED", WAIT))
                    .as("baresip got our BYE: " + caller.log())
                    .isPresent();
            Map<String, Object> record = eventually(
                    "the call record is complete",
                    () -> row(
                            "SELECT * FROM call_record WHERE tenant_id = ? AND call_id = ?",
                            tenant.slug(),
                            call.callId()),
                    found -> found.get("ended_at") != null);
            assertThat(record.get("consult_result")).isEqualTo("ENDED");
            assertThat(record.get("conferenced_at")).isNull();
        }
    }
}

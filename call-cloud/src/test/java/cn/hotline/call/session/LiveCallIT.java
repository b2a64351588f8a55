package cn.hotline.call.session;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.agent.AgentClient;
import cn.hotline.call.ivr.IvrManagement;
import cn.hotline.call.prompt.PromptLibrary;
import cn.hotline.call.sip.TenantDirectoryStub;
import cn.hotline.call.support.CalendarServer;
import cn.hotline.call.support.Http;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.media.testing.AgentBrowser;
import cn.hotline.media.testing.Audio;
import cn.hotline.media.testing.Wav;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
 * The live call end to end, every server real: a SIPp caller dials the tenant's number through devstack's Kamailio;
 * call-cloud answers through rtpengine and runs the tenant's IVR (a prompt synthesised by espeak-ng, fetched from
 * S3Mock, played by rtpengine); the caller presses 1 (RFC 4733, sip-tester's capture); the call waits in the group's
 * queue with music; the agent, signed in over {@code /ws/agent}, answers with headless Chromium's WebRTC offer; the
 * legs are bridged and recorded; the agent hangs up (BYE to the caller); the recording lands in S3Mock with its
 * index row, plays through the audited link, and the call record carries it.
 */
@RealServers
// closed after the class: every cached context takes ~2 s to close, and at JVM exit surefire allows 30 s for all
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "cc.call.sip.trunks.loopback.addresses=127.0.0.1",
            "cc.call.sip.trunks.loopback.trust-asserted-identity=true",
            "cc.call.sip.trunks.loopback.area-code=0551",
            "cc.call.acd.after-call-work=0s",
            "cc.call.acd.ring-timeout=60s",
            "cc.call.session.announce-every=4s",
        })
@org.springframework.context.annotation.Import(LiveCallIT.Observe.class)
class LiveCallIT {

    /** Wraps the real media server to see what the caller was played (SIPp cannot tell). */
    @org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
    static class Observe {
        @org.springframework.context.annotation.Bean
        static org.springframework.beans.factory.config.BeanPostProcessor observeMedia() {
            return new org.springframework.beans.factory.config.BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof cn.hotline.media.port.MediaServer server
                                    && !(bean instanceof ObservedMediaServer)
                            ? new ObservedMediaServer(server)
                            : bean;
                }
            };
        }
    }

    @Autowired
    cn.hotline.media.port.MediaServer media;

    private static final Duration WAIT = Duration.ofSeconds(60);
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
    PromptLibrary prompts;

    @Autowired
    IvrManagement ivr;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    cn.hotline.call.routing.RoutingManagement routing;

    @Autowired
    cn.hotline.call.acd.AcdManagement acdManagement;

    private LiveCalls.Tenant tenantWithMenu() {
        return LiveCalls.tenantWithMenu("live", DIRECTORY, redis, prompts, ivr);
    }

    private URI socket() {
        return URI.create("ws://127.0.0.1:" + httpPort + "/ws/agent");
    }

    /** SIPp calling {@code number} through Kamailio, in the background; the caller's voice is sip-tester's G.711. */
    private static SippCaller caller(String number, Path work) throws Exception {
        return caller("uac_live.xml", number, work, Map.of());
    }

    /** SIPp as 13912345678 through Kamailio, keying 1 at 1, 4 and 7 s ({@link SippCaller#dial}). */
    private static SippCaller caller(String name, String number, Path work, Map<String, String> replacements)
            throws Exception {
        return SippCaller.dial(name, number, "13912345678", work, java.util.Set.of(1, 4, 7), 1, replacements);
    }

    /**
     * Kamailio answers 503 until its dispatcher has seen this instance's SIP edge (it pings every 2 s): that, and
     * nothing else, is worth another attempt after a pause.
     */
    private static void notYetRouted(SippCaller sipp) throws Exception {
        sipp.finish(Duration.ofSeconds(30));
        assertThat(sipp.output())
                .as("the only failure retried is Kamailio's 503")
                .contains("503 No call-cloud instance");
        Thread.sleep(2_000);
    }

    private static <T> T eventually(String what, Supplier<T> probe, java.util.function.Predicate<T> done)
            throws InterruptedException {
        return LiveCalls.eventually(what, probe, done);
    }

    private static Map<String, Object> row(String sql, String tenant) {
        return LiveCalls.row(sql, tenant, null);
    }

    private static Map<String, Object> row(String sql, String tenant, String call) {
        return LiveCalls.row(sql, tenant, call);
    }

    private static double number(Map<String, Object> stats, String key) {
        return LiveCalls.number(stats, key);
    }

    @Test
    void aCallerPressesOneWaitsTalksToTheAgentInTheBrowserAndTheRecordingIsArchivedAndAudited() throws Exception {
        LiveCalls.Tenant tenant = tenantWithMenu();
        Path work = Files.createTempDirectory("live-call-");
        Path microphone = Audio.tone(work.resolve("agent-voice.wav"), 1000, 10);
        String token = TestTokens.user(tenant.slug(), Role.AGENT);
        String agentId =
                com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getSubject();
        try (AgentClient agent = AgentClient.connect(socket(), token);
                AgentBrowser browser = new AgentBrowser(microphone)) {
            assertThat(agent.request("{\"type\":\"signIn\",\"skills\":[{\"skill\":\"support\",\"level\":5}]}")
                            .get("type")
                            .stringValue())
                    .isEqualTo("state");
            assertThat(agent.request("{\"type\":\"ready\"}").get("state").stringValue())
                    .isEqualTo("READY");

            // the IVR plays the menu, takes the 1, and the call is offered to the only agent of "support"
            SippCaller sipp = null;
            JsonNode offer = null;
            for (int attempt = 0; offer == null && attempt < 10; attempt++) {
                sipp = caller(tenant.number(), work);
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (offer == null && System.nanoTime() < deadline && sipp.alive()) {
                    try {
                        offer = agent.next("offer", Duration.ofSeconds(1));
                    } catch (java.util.concurrent.TimeoutException e) {
                        // not yet
                    }
                }
                if (offer == null) {
                    notYetRouted(sipp);
                }
            }
            assertThat(offer).as("the call is offered to the agent").isNotNull();
            String callId = offer.get("callId").stringValue();
            assertThat(offer.get("group").stringValue()).isEqualTo("support");

            // the caller waits with music while the agent's phone rings; the agent answers with its browser's offer
            Thread.sleep(1_000);
            JsonNode answered = agent.request(
                    JSON.writeValueAsString(Map.of("type", "answer", "callId", callId, "sdp", browser.offer())));
            assertThat(answered.get("type").stringValue())
                    .as("reply: " + answered)
                    .isEqualTo("answered");
            assertThat(answered.get("callId").stringValue()).isEqualTo(callId);
            browser.answer(answered.get("sdp").stringValue());
            long connectedAt = System.nanoTime();

            // both ways: the browser hears the caller's voice; the recording's right channel proves the agent's
            Map<String, Object> heard = eventually(
                    "the browser receives the caller's audio",
                    browser::stats,
                    stats -> number(stats, "bytesReceived") > 8_000 && number(stats, "heard") > 0.001);
            JsonNode noConsultation =
                    agent.request(JSON.writeValueAsString(Map.of("type", "conference", "callId", callId)));
            assertThat(noConsultation.get("code").stringValue())
                    .as("a conference needs an answered consultation")
                    .isEqualTo("CONFLICT");

            // hold: the agent no longer hears the caller (who hears music); retrieve: the caller is heard again
            JsonNode held = agent.request(JSON.writeValueAsString(Map.of("type", "hold", "callId", callId)));
            assertThat(held.get("state").stringValue()).as("reply: " + held).isEqualTo("ON_HOLD");
            Thread.sleep(300);
            browser.resetHeard();
            Thread.sleep(2_000);
            double heardOnHold = number(browser.stats(), "heard");
            JsonNode retrieved = agent.request(JSON.writeValueAsString(Map.of("type", "retrieve", "callId", callId)));
            assertThat(retrieved.get("state").stringValue())
                    .as("reply: " + retrieved)
                    .isEqualTo("TALKING");
            browser.resetHeard();
            double heardAgain = number(
                    eventually(
                            "the browser hears the caller again after retrieve",
                            browser::stats,
                            stats -> number(stats, "heard") > 0.01),
                    "heard");
            System.out.printf("hold: agent heard %.5f on hold, %.5f after retrieve%n", heardOnHold, heardAgain);
            // relative to what the same page hears of the caller after retrieve (a tone: ~0.1), not an absolute floor
            assertThat(heardOnHold)
                    .as("nothing of the caller reaches the agent on hold")
                    .isLessThan(heardAgain / 20);

            // a supervisor listens from its own browser: audited first, one leg per party, hears the call
            String supervisorToken = TestTokens.user(tenant.slug(), Role.SUPERVISOR);
            var api = Http.client(httpPort);
            api.post()
                    .uri("/tenants/{t}/calls/{c}/monitor", tenant.slug(), callId)
                    .header("Authorization", "Bearer " + supervisorToken)
                    .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("mode", "SHOUT", "why", "coaching"))
                    .exchange()
                    .expectStatus()
                    .isBadRequest();
            try (AgentBrowser supervisor = new AgentBrowser(Audio.tone(work.resolve("supervisor.wav"), 600, 5))) {
                double supervisorHeard = LiveCalls.listen(api, tenant.slug(), callId, supervisorToken, supervisor);
                System.out.printf("listen: supervisor heard %.5f%n", supervisorHeard);
            }

            // the supervisor whispers (a talking leg through the mixer): the agent hears its 1800 Hz tone; then barges
            try (AgentBrowser talking = new AgentBrowser(Audio.tone(work.resolve("whisper.wav"), 1800, 10))) {
                double agentHearsToneBefore = browser.toneLevel(1800);
                JsonNode whisper = JSON.readTree(api.post()
                        .uri("/tenants/{t}/calls/{c}/monitor", tenant.slug(), callId)
                        .header("Authorization", "Bearer " + supervisorToken)
                        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("mode", "WHISPER", "why", "coaching a new agent"))
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody());
                assertThat(whisper.get("mode").stringValue()).isEqualTo("WHISPER");
                assertThat(whisper.get("legs")).as("one talking leg").hasSize(1);
                JsonNode talkingLeg = whisper.get("legs").get(0);
                String talkingAnswer =
                        talking.answerOfferTalking(talkingLeg.get("sdp").stringValue());
                api.post()
                        .uri(
                                "/tenants/{t}/calls/{c}/monitor/legs/{l}/answer",
                                tenant.slug(),
                                callId,
                                talkingLeg.get("leg").stringValue())
                        .header("Authorization", "Bearer " + supervisorToken)
                        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("sdp", talkingAnswer))
                        .exchange()
                        .expectStatus()
                        .isOk();
                double agentHearsWhisper =
                        eventually("the agent hears the whisper", () -> browser.toneLevel(1800), level -> level > -60);
                double supervisorHearsAgent = eventually(
                        "the whispering supervisor hears the agent",
                        () -> talking.toneLevel(1000),
                        level -> level > -60);
                JsonNode barge = JSON.readTree(api.post()
                        .uri("/tenants/{t}/calls/{c}/monitor", tenant.slug(), callId)
                        .header("Authorization", "Bearer " + supervisorToken)
                        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("mode", "BARGE", "why", "the caller needs a supervisor"))
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody());
                System.out.printf(
                        "whisper: agent heard the supervisor's tone at %.1f dB (%.1f dB before), the supervisor the"
                                + " agent at %.1f dB; barge: %s%n",
                        agentHearsWhisper, agentHearsToneBefore, supervisorHearsAgent, barge);
                assertThat(agentHearsToneBefore)
                        .as("no 1800 Hz tone before the whisper")
                        .isLessThan(-70);
                assertThat(barge.get("mode").stringValue()).isEqualTo("BARGE");
                assertThat(barge.get("legs"))
                        .as("a mode change offers no new leg")
                        .isEmpty();
            }
            assertThat(row(
                                    "SELECT count(*) AS n FROM call_monitoring WHERE tenant_id = ? AND call_id = ?",
                                    tenant.slug(),
                                    callId)
                            .get("n"))
                    .as("listen, whisper and barge are audited, the refused mode is not")
                    .isEqualTo(3L);
            Thread.sleep(2_000);

            // the agent's browser drops (a reload): a new page answers again and rejoins the same call
            try (AgentBrowser again = new AgentBrowser(microphone)) {
                JsonNode rejoined = agent.request(
                        JSON.writeValueAsString(Map.of("type", "answer", "callId", callId, "sdp", again.offer())));
                assertThat(rejoined.get("type").stringValue())
                        .as("reply: " + rejoined)
                        .isEqualTo("answered");
                again.answer(rejoined.get("sdp").stringValue());
                double heardAfterRejoin = number(
                        eventually(
                                "the new page hears the caller", again::stats, stats -> number(stats, "heard") > 0.001),
                        "heard");
                System.out.printf("rejoin: the new page heard %.5f%n", heardAfterRejoin);
            }

            // sent without waiting for the reply: the callEnded push may come before it
            agent.send(JSON.writeValueAsString(Map.of("type", "hangUp", "callId", callId)));
            Duration talked = Duration.ofNanos(System.nanoTime() - connectedAt);
            JsonNode ended = agent.next("callEnded", WAIT);
            assertThat(ended.get("callId").stringValue()).isEqualTo(callId);
            assertThat(ended.get("by").stringValue()).isEqualTo("agent");
            int sippExit = sipp.finish(Duration.ofSeconds(60));
            assertThat(sippExit).as("SIPp ended").isNotEqualTo(-1);
            assertThat(sippExit)
                    .as("SIPp got our BYE and answered it:\n" + sipp.output())
                    .isZero();

            // the recording: indexed, in the tenant's bucket, both channels carry audio, its length is the talk
            Map<String, Object> recording = eventually(
                    "the recording is archived",
                    () -> row(
                            "SELECT * FROM call_recording WHERE tenant_id = ? AND call_id = ?", tenant.slug(), callId),
                    found -> "UPLOADED".equals(found.get("status")));
            assertThat(recording.get("object_key")).isEqualTo("calls/" + callId + ".wav");
            assertThat(recording.get("agents")).isEqualTo(agentId);
            assertThat(recording.get("partial")).isEqualTo(false);

            String admin = Http.admin(tenant.slug());
            var web = Http.client(httpPort);
            byte[] wavBytes = LiveCalls.playRecording(web, tenant.slug(), callId, admin, "quality review");
            assertThat(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(wavBytes)))
                    .isEqualTo(recording.get("sha256"));
            Wav wav = Wav.read(wavBytes);
            System.out.printf(
                    "live call: browser %s; recording %s (talked ~%s); %d bytes%n",
                    heard, wav, talked, wavBytes.length);
            assertThat(wav.channels()).isEqualTo(2);
            assertThat(wav.sampleRate()).isEqualTo(8000);
            assertThat(wav.duration()).isCloseTo(talked, Duration.ofSeconds(2));
            assertThat(wav.leftEnergy())
                    .as("the caller on the left, before and after hold")
                    .isGreaterThan(1000);
            assertThat(wav.rightEnergy()).as("the agent on the right").isGreaterThan(500);

            JsonNode audit = LiveCalls.recordingAudit(web, tenant.slug(), callId, admin);
            assertThat(audit.get("entries")).hasSize(1);
            assertThat(audit.get("entries").get(0).get("action").stringValue()).isEqualTo("PLAY");
            assertThat(audit.get("entries").get(0).get("why").stringValue()).isEqualTo("quality review");
            assertThat(row(
                                    "SELECT count(*) AS n FROM recording_audit WHERE tenant_id = ? AND call_id = ?",
                                    tenant.slug(),
                                    callId)
                            .get("n"))
                    .isEqualTo(1L);

            // the call record: answered by the agent, ended, with the recording
            Map<String, Object> record = eventually(
                    "the call record is complete",
                    () -> row("SELECT * FROM call_record WHERE tenant_id = ? AND call_id = ?", tenant.slug(), callId),
                    found -> found.get("ended_at") != null);
            assertThat(record.get("agent_id")).isEqualTo(agentId);
            assertThat(record.get("skill_group")).isEqualTo("support");
            assertThat(record.get("caller"))
                    .as("the caller's number, from P-Asserted-Identity")
                    .isEqualTo("13912345678");
            assertThat(record.get("called")).isEqualTo(tenant.number());
            JsonNode records = JSON.readTree(web.get()
                    .uri("/tenants/{t}/call-records", tenant.slug())
                    .header("Authorization", "Bearer " + admin)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody());
            JsonNode cdr = records.get("records").get(0);
            assertThat(cdr.get("callId").stringValue()).isEqualTo(callId);
            assertThat(cdr.get("recordingId").stringValue()).isEqualTo(recording.get("recording_id"));
            assertThat(cdr.get("recordingKey").stringValue()).isEqualTo("calls/" + callId + ".wav");

            // the decisions the call events are published from
            assertThat(row(
                                    "SELECT string_agg(kind, ',' ORDER BY id) AS kinds FROM acd_decision"
                                            + " WHERE tenant_id = ? AND call_id = ?",
                                    tenant.slug(),
                                    callId)
                            .get("kinds"))
                    .asString()
                    .contains("CallArrived", "CallOffered", "CallAnswered", "CallEnded");

            // another tenant sees nothing of it
            String stranger = Http.freshTenant("live-other");
            web.get()
                    .uri("/tenants/{t}/calls/{c}/recording", stranger, callId)
                    .header("Authorization", "Bearer " + Http.admin(stranger))
                    .exchange()
                    .expectStatus()
                    .isNotFound();
        }
    }

    @Test
    void aWaitingCallerHearsMusicAndItsPlaceAndGivingUpIsAnAbandonedCallOwedACallback() throws Exception {
        // no IVR published and no rules: the call goes straight to the default queue, where nobody serves
        LiveCalls.Tenant tenant = LiveCalls.tenant("wait", DIRECTORY, redis);
        String slug = tenant.slug();
        String number = tenant.number();
        Path work = Files.createTempDirectory("waiting-call-");
        for (int attempt = 0; ; attempt++) {
            SippCaller sipp =
                    caller("uac_abandon.xml", number, work, Map.of("@WAIT_MS@", "11000", "@BEFORE_WAIT@", ""));
            int exit = sipp.finish(Duration.ofSeconds(90));
            assertThat(exit).as("SIPp ended").isNotEqualTo(-1);
            if (exit == 0) {
                break;
            }
            assertThat(attempt)
                    .as("Kamailio routes the call within 10 attempts")
                    .isLessThan(9);
            notYetRouted(sipp);
        }

        Map<String, Object> record = eventually(
                "the call record shows the abandoned call",
                () -> row("SELECT * FROM call_record WHERE tenant_id = ?", slug),
                found -> "ABANDONED".equals(found.get("outcome")));
        assertThat(record.get("skill_group")).isEqualTo("general");
        String callId = String.valueOf(record.get("call_id"));

        // music first, then "您前面还有 零 位" (three generated prompts), then the music again
        List<cn.hotline.media.port.Prompt> played =
                ((ObservedMediaServer) media).played(cn.hotline.kernel.id.CallId.parse(callId));
        System.out.println("waiting caller heard: " + played);
        assertThat(played.getFirst()).isInstanceOf(cn.hotline.media.port.Prompt.Music.class);
        int announcement = -1;
        for (int i = 0; i < played.size(); i++) {
            if (played.get(i) instanceof cn.hotline.media.port.Prompt.Sequence sequence) {
                assertThat(sequence.files()).hasSize(3);
                announcement = i;
                break;
            }
        }
        assertThat(announcement)
                .as("a position announcement was played: " + played)
                .isPositive();
        assertThat(played).hasSizeGreaterThan(announcement + 1);
        assertThat(played.get(announcement + 1)).isInstanceOf(cn.hotline.media.port.Prompt.Music.class);

        Map<String, Object> task = eventually(
                "the abandoned call is on the must-call-back list",
                () -> row("SELECT * FROM callback_task WHERE tenant_id = ? AND call_id = ?", slug, callId),
                found -> !found.isEmpty());
        assertThat(task.get("reason")).isEqualTo("ABANDONED");
        assertThat(row("SELECT count(*) AS n FROM call_recording WHERE tenant_id = ? AND call_id = ?", slug, callId)
                        .get("n"))
                .as("nothing is recorded before an agent answers")
                .isEqualTo(0L);
    }

    @Test
    void aCallTheRulesSendToVoicemailIsRecordedAndOwedACallback() throws Exception {
        LiveCalls.Tenant tenant = LiveCalls.tenant("vm", DIRECTORY, redis);
        String slug = tenant.slug();
        String number = tenant.number();
        routing.replace(
                        TenantId.of(slug),
                        """
                        {"rules": [], "default": {"action": "voicemail"}, "defaultQueue": {"group": "general"}}
                        """,
                        "test")
                .block(WAIT);
        Path work = Files.createTempDirectory("voicemail-call-");
        SippCaller sipp = caller(
                "uac_abandon.xml",
                number,
                work,
                Map.of(
                        "@WAIT_MS@",
                        "5000",
                        "@BEFORE_WAIT@",
                        "<pause milliseconds=\"500\" /><nop><action>"
                                + "<exec play_pcap_audio=\"/usr/share/sip-tester/g711a.pcap\" /></action></nop>"));
        int exit = sipp.finish(Duration.ofSeconds(90));
        assertThat(exit).as("SIPp ended").isNotEqualTo(-1);
        assertThat(exit).as(sipp.output()).isZero();
        Map<String, Object> task = eventually(
                "the voicemail is on the must-call-back list",
                () -> row("SELECT * FROM callback_task WHERE tenant_id = ?", slug),
                found -> !found.isEmpty());
        assertThat(task.get("reason")).isEqualTo("VOICEMAIL");
        String callId = String.valueOf(task.get("call_id"));
        Map<String, Object> recording = eventually(
                "the voicemail is archived",
                () -> row("SELECT * FROM call_recording WHERE tenant_id = ? AND call_id = ?", slug, callId),
                found -> "UPLOADED".equals(found.get("status")));
        assertThat((Long) recording.get("duration_ms")).isGreaterThan(3_000L);
        assertThat(recording.get("agents")).isEqualTo("");
    }

    @Test
    void aCallerReachingTheTenantsQueueLimitWithVoicemailIsRecordedAndOwedACallback() throws Exception {
        LiveCalls.Tenant tenant = LiveCalls.tenant("ql", DIRECTORY, redis);
        String slug = tenant.slug();
        acdManagement
                .configureQueueLimit(
                        TenantId.of(slug),
                        java.util.Optional.of(new cn.hotline.call.acd.QueueLimit(
                                java.time.Duration.ofSeconds(30), cn.hotline.call.acd.QueueLimit.Action.VOICEMAIL)),
                        "test")
                .block(WAIT);
        Path work = Files.createTempDirectory("queue-limit-call-");
        // Nobody serves the queue: after 30 s of waiting the caller is invited to leave a message (a prompt of a few
        // seconds), speaks from 42 s on, hangs up at 57 s.
        SippCaller sipp = caller(
                "uac_abandon.xml",
                tenant.number(),
                work,
                Map.of(
                        "@WAIT_MS@",
                        "15000",
                        "@BEFORE_WAIT@",
                        "<pause milliseconds=\"42000\" /><nop><action>"
                                + "<exec play_pcap_audio=\"/usr/share/sip-tester/g711a.pcap\" /></action></nop>"));
        int exit = sipp.finish(Duration.ofSeconds(120));
        assertThat(exit).as("SIPp ended").isNotEqualTo(-1);
        assertThat(exit).as(sipp.output()).isZero();
        // leaving for voicemail is no abandon: the task is the voicemail's, the record says VOICEMAIL
        Map<String, Object> task = eventually(
                "the caller is on the must-call-back list",
                () -> row("SELECT * FROM callback_task WHERE tenant_id = ?", slug),
                found -> !found.isEmpty());
        assertThat(task.get("reason")).isEqualTo("VOICEMAIL");
        String callId = String.valueOf(task.get("call_id"));
        Map<String, Object> record = eventually(
                "the call record says voicemail",
                () -> row("SELECT * FROM call_record WHERE tenant_id = ? AND call_id = ?", slug, callId),
                found -> "VOICEMAIL".equals(found.get("outcome")));
        assertThat(record.get("answered_at")).isNull();
        assertThat(record.get("ended_at")).isNotNull();
        Map<String, Object> recording = eventually(
                "the voicemail is archived",
                () -> row("SELECT * FROM call_recording WHERE tenant_id = ? AND call_id = ?", slug, callId),
                found -> "UPLOADED".equals(found.get("status")));
        assertThat((Long) recording.get("duration_ms"))
                .as("only the voicemail after the limit is recorded, not the 30 s of waiting")
                .isBetween(3_000L, 20_000L);
    }
}

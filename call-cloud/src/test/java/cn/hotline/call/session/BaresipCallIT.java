package cn.hotline.call.session;

import static cn.hotline.call.session.LiveCalls.WAIT;
import static cn.hotline.call.session.LiveCalls.eventually;
import static cn.hotline.call.session.LiveCalls.number;
import static cn.hotline.call.session.LiveCalls.row;
import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.agent.AgentClient;
import cn.hotline.call.ivr.IvrManagement;
import cn.hotline.call.prompt.PromptLibrary;
import cn.hotline.call.sip.Sipp;
import cn.hotline.call.sip.TenantDirectoryStub;
import cn.hotline.call.support.CalendarServer;
import cn.hotline.call.support.Http;
import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.Baresip;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.media.testing.AgentBrowser;
import cn.hotline.media.testing.Audio;
import cn.hotline.media.testing.Wav;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
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
 * Real calls from baresip, a SIP phone playing a known audio file (a 440 Hz tone) through devstack's Kamailio into
 * call-cloud, answered by an agent in headless Chromium whose fake microphone sends a 1000 Hz tone: each side's audio
 * is measured at the other end by its frequency (baresip records what it decodes; the browser measures what it
 * plays). Issue 5's "prove it" (DTMF choice, both directions, hold, supervisor listening, the archived recording) and
 * issue 4's bad SIP (garbage, malformed messages and a flood do not harm the call in progress).
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
            "cc.call.session.announce-every=0s",
        })
class BaresipCallIT {

    private static final double CALLER_HZ = 440;
    private static final double AGENT_HZ = 1000;
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

    private URI socket() {
        return URI.create("ws://127.0.0.1:" + httpPort + "/ws/agent");
    }

    private static void call(Baresip caller, String number) throws InterruptedException {
        LiveCalls.dial(caller, number);
    }

    private static AgentClient signedInAgent(URI socket, String token, String skill) throws Exception {
        return LiveCalls.readyAgent(socket, token, skill);
    }

    /** The agent answers the offered call with the browser's WebRTC offer; returns the call's id. */
    private static String answer(AgentClient agent, JsonNode offer, AgentBrowser browser) throws Exception {
        String callId = offer.get("callId").stringValue();
        JsonNode answered = agent.request(
                JSON.writeValueAsString(Map.of("type", "answer", "callId", callId, "sdp", browser.offer())));
        assertThat(answered.get("type").stringValue()).as("reply: " + answered).isEqualTo("answered");
        browser.answer(answered.get("sdp").stringValue());
        return callId;
    }

    /** Both directions carry their own voice: the browser hears the caller, baresip hears the agent's tone. */
    private static void bothWaysCarryAudio(String when, AgentBrowser browser, Baresip caller)
            throws InterruptedException {
        browser.resetHeard();
        Duration mark = caller.heard().duration();
        double agentHeard = number(
                eventually(
                        when + ": the browser hears the caller",
                        browser::stats,
                        stats -> number(stats, "bytesReceived") > 8_000 && number(stats, "heard") > 0.001),
                "heard");
        Baresip.Heard heard = eventually(
                when + ": baresip hears the agent's " + AGENT_HZ + " Hz",
                () -> caller.heard().since(mark),
                audio -> audio.duration().toMillis() >= 1_500 && audio.level(AGENT_HZ) > 300);
        System.out.printf(
                "%s: browser heard %.5f; baresip heard %s of energy %.0f, %.0f Hz level %.0f, %.0f Hz level %.0f%n",
                when,
                agentHeard,
                heard.duration(),
                heard.energy(),
                AGENT_HZ,
                heard.level(AGENT_HZ),
                CALLER_HZ,
                heard.level(CALLER_HZ));
        assertThat(heard.level(AGENT_HZ))
                .as(when + ": what baresip hears is the agent, not its own voice echoed")
                .isGreaterThan(3 * heard.level(CALLER_HZ));
    }

    @Test
    void aBaresipCallerChoosesByDtmfTalksBothWaysWithTheBrowserAgentIsHeldListenedToAndRecorded() throws Exception {
        LiveCalls.Tenant tenant = LiveCalls.tenantWithMenu("bare", DIRECTORY, redis, prompts, ivr);
        Path work = Files.createTempDirectory("baresip-call-");
        Path microphone = Audio.tone(work.resolve("agent-voice.wav"), AGENT_HZ, 10);
        String token = TestTokens.user(tenant.slug(), Role.AGENT);
        String agentId =
                com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getSubject();
        try (AgentClient agent = signedInAgent(socket(), token, "support");
                AgentBrowser browser = new AgentBrowser(microphone);
                Baresip caller = Baresip.start(
                        work.resolve("baresip"),
                        "13912345678",
                        Baresip.tone(work.resolve("caller-voice.wav"), CALLER_HZ, Duration.ofMinutes(3)))) {
            call(caller, tenant.number());

            // the IVR plays its menu (heard by baresip) and takes the 1 baresip sends as an RFC 4733 event
            Thread.sleep(1_000);
            JsonNode offer = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (offer == null && System.nanoTime() < deadline) {
                caller.sendDigits("1");
                try {
                    offer = agent.next("offer", Duration.ofSeconds(4));
                } catch (java.util.concurrent.TimeoutException notYet) {
                    // the prompt is still playing, or the digit was lost: press it again
                }
            }
            assertThat(offer)
                    .as("the 1 reaches the IVR and the call is offered: " + caller.log())
                    .isNotNull();
            assertThat(offer.get("group").stringValue()).isEqualTo("support");
            assertThat(caller.heard().energy())
                    .as("baresip heard the menu prompt and the queue's music before the answer")
                    .isGreaterThan(50);

            String callId = answer(agent, offer, browser);
            long connectedAt = System.nanoTime();
            bothWaysCarryAudio("talking", browser, caller);

            // hold: neither hears the other (the caller hears music); retrieve: both again
            JsonNode held = agent.request(JSON.writeValueAsString(Map.of("type", "hold", "callId", callId)));
            assertThat(held.get("state").stringValue()).as("reply: " + held).isEqualTo("ON_HOLD");
            Thread.sleep(500);
            browser.resetHeard();
            Duration holdMark = caller.heard().duration();
            Thread.sleep(2_500);
            double browserOnHold = number(browser.stats(), "heard");
            Baresip.Heard callerOnHold = caller.heard().since(holdMark);
            JsonNode retrieved = agent.request(JSON.writeValueAsString(Map.of("type", "retrieve", "callId", callId)));
            assertThat(retrieved.get("state").stringValue())
                    .as("reply: " + retrieved)
                    .isEqualTo("TALKING");
            Duration retrieveMark = caller.heard().duration();
            bothWaysCarryAudio("retrieved", browser, caller);
            double agentAfterRetrieve = caller.heard().since(retrieveMark).level(AGENT_HZ);
            System.out.printf(
                    "hold: browser heard %.5f; baresip heard energy %.0f, agent's tone %.0f (after retrieve %.0f)%n",
                    browserOnHold, callerOnHold.energy(), callerOnHold.level(AGENT_HZ), agentAfterRetrieve);
            browser.resetHeard();
            Thread.sleep(2_000);
            double browserAfterRetrieve = number(browser.stats(), "heard");
            assertThat(browserOnHold)
                    .as("the agent hears nothing of the caller on hold (after retrieve: " + browserAfterRetrieve + ")")
                    .isLessThan(browserAfterRetrieve / 20);
            // music on hold has some energy at the agent's 1 kHz too (≈ 80 in runs where the agent's tone after
            // retrieve was ≈ 820): a fifth of the retrieved level still fails if the agent's audio leaks through
            assertThat(callerOnHold.level(AGENT_HZ))
                    .as("the caller hears nothing of the agent on hold")
                    .isLessThan(agentAfterRetrieve / 5);

            // a supervisor listens from its own browser (audited)
            var api = Http.client(httpPort);
            try (AgentBrowser supervisor = new AgentBrowser(Audio.tone(work.resolve("supervisor.wav"), 600, 5))) {
                double supervisorHeard = LiveCalls.listen(
                        api, tenant.slug(), callId, TestTokens.user(tenant.slug(), Role.SUPERVISOR), supervisor);
                System.out.printf("listen: supervisor heard %.5f%n", supervisorHeard);
            }
            assertThat(row(
                                    "SELECT count(*) AS n FROM call_monitoring WHERE tenant_id = ? AND call_id = ?",
                                    tenant.slug(),
                                    callId)
                            .get("n"))
                    .isEqualTo(1L);

            // the caller hangs up: the agent is told
            caller.hangUp();
            Duration talked = Duration.ofNanos(System.nanoTime() - connectedAt);
            assertThat(caller.awaitEvent("CALL_CLOSED", WAIT)).isPresent();
            JsonNode ended = agent.next("callEnded", WAIT);
            assertThat(ended.get("callId").stringValue()).isEqualTo(callId);
            assertThat(ended.get("by").stringValue()).isEqualTo("caller");

            // the recording: archived, its length the talk (± 1 s), both channels carry audio, the stored sha256
            Map<String, Object> recording = eventually(
                    "the recording is archived",
                    () -> row(
                            "SELECT * FROM call_recording WHERE tenant_id = ? AND call_id = ?", tenant.slug(), callId),
                    found -> "UPLOADED".equals(found.get("status")));
            assertThat(recording.get("agents")).isEqualTo(agentId);
            assertThat(recording.get("partial")).isEqualTo(false);
            String admin = Http.admin(tenant.slug());
            byte[] wavBytes = LiveCalls.playRecording(api, tenant.slug(), callId, admin, "quality review");
            assertThat(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(wavBytes)))
                    .isEqualTo(recording.get("sha256"));
            Wav wav = Wav.read(wavBytes);
            System.out.printf(
                    "baresip call: recording %s, %d bytes, stored duration %s ms; talked ~%s%n",
                    wav, wavBytes.length, recording.get("duration_ms"), talked);
            assertThat(wav.channels()).isEqualTo(2);
            assertThat(wav.sampleRate()).isEqualTo(8000);
            assertThat(wav.duration()).isCloseTo(talked, Duration.ofSeconds(1));
            assertThat(((Number) recording.get("duration_ms")).longValue())
                    .isCloseTo(wav.duration().toMillis(), org.assertj.core.data.Offset.offset(1_000L));
            assertThat(wav.leftEnergy()).as("the caller on the left").isGreaterThan(1000);
            assertThat(wav.rightEnergy()).as("the agent on the right").isGreaterThan(300);
            JsonNode audit = LiveCalls.recordingAudit(api, tenant.slug(), callId, admin);
            assertThat(audit.get("entries")).hasSize(1);
            assertThat(audit.get("entries").get(0).get("action").stringValue()).isEqualTo("PLAY");
            assertThat(audit.get("entries").get(0).get("why").stringValue()).isEqualTo("quality review");

            Map<String, Object> record = eventually(
                    "the call record is complete",
                    () -> row("SELECT * FROM call_record WHERE tenant_id = ? AND call_id = ?", tenant.slug(), callId),
                    found -> found.get("ended_at") != null);
            assertThat(record.get("caller")).isEqualTo("13912345678");
            assertThat(record.get("called")).isEqualTo(tenant.number());
            assertThat(record.get("agent_id")).isEqualTo(agentId);
        }
    }

    @Test
    void garbageMalformedSipAndAFloodFromOneSourceDoNotHarmACallInProgress() throws Exception {
        LiveCalls.Tenant tenant = LiveCalls.tenant("badsip", DIRECTORY, redis);
        Path work = Files.createTempDirectory("baresip-bad-sip-");
        Path microphone = Audio.tone(work.resolve("agent-voice.wav"), AGENT_HZ, 10);
        StackEndpoints stack = TestStack.endpoints();
        int instancePort = Integer.parseInt(LiveCalls.dispatchedSipPort());
        try (AgentClient agent = signedInAgent(socket(), TestTokens.user(tenant.slug(), Role.AGENT), "general");
                AgentBrowser browser = new AgentBrowser(microphone);
                Baresip caller = Baresip.start(
                        work.resolve("baresip"),
                        "13912345670",
                        Baresip.tone(work.resolve("caller-voice.wav"), CALLER_HZ, Duration.ofMinutes(3)))) {
            call(caller, tenant.number());
            String callId = answer(agent, agent.next("offer", WAIT), browser);
            bothWaysCarryAudio("before", browser, caller);

            // 127.0.0.2 floods the edge with INVITEs at 200/s (pike blocks it) while garbage and malformed messages
            // reach both Kamailio and call-cloud's own SIP port
            CompletableFuture<Sipp.Result> flood = CompletableFuture.supplyAsync(() -> Sipp.run(
                    Sipp.scenario(
                            "uac_refused.xml",
                            Map.of("@CODE@", "404", "@HOST@", stack.sipEdgeHost() + ":" + stack.sipEdgePort())),
                    "127.0.0.2",
                    stack.sipEdgeHost(),
                    stack.sipEdgePort(),
                    "0551" + ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999),
                    "13800000000",
                    400,
                    200,
                    List.of("-recv_timeout", "1500", "-nr")));
            int garbage = sendGarbage(
                    List.of(
                            new InetSocketAddress(stack.sipEdgeHost(), stack.sipEdgePort()),
                            new InetSocketAddress("127.0.0.1", instancePort)),
                    500);
            Sipp.Result malformedAtEdge = Sipp.run(
                    Sipp.scenario("malformed.xml", Map.of()),
                    "127.0.0.1",
                    stack.sipEdgeHost(),
                    stack.sipEdgePort(),
                    tenant.number(),
                    "13800000001",
                    1,
                    1,
                    List.of());
            Sipp.Result malformedDirect = Sipp.run(
                    Sipp.scenario("malformed.xml", Map.of()),
                    "127.0.0.1",
                    "127.0.0.1",
                    instancePort,
                    tenant.number(),
                    "13800000001",
                    1,
                    1,
                    List.of());
            Sipp.Result flooded = flood.get();
            System.out.printf(
                    "bad SIP: %d garbage datagrams; malformed at the edge %s, direct %s; flood exit %d%n",
                    garbage, malformedAtEdge.exitCode(), malformedDirect.exitCode(), flooded.exitCode());
            assertThat(malformedAtEdge.allCallsSucceeded())
                    .as("Kamailio answers the malformed INVITE 400: " + malformedAtEdge.output())
                    .isTrue();
            assertThat(malformedDirect.allCallsSucceeded())
                    .as("JAIN-SIP answers it 400: " + malformedDirect.output())
                    .isTrue();
            assertThat(flooded.allCallsSucceeded())
                    .as("most flood calls got no answer: " + flooded.output())
                    .isFalse();

            // the call in progress: still both ways, still in the agent's control, ended normally
            bothWaysCarryAudio("after", browser, caller);
            JsonNode held = agent.request(JSON.writeValueAsString(Map.of("type", "hold", "callId", callId)));
            assertThat(held.get("state").stringValue()).as("reply: " + held).isEqualTo("ON_HOLD");
            JsonNode retrieved = agent.request(JSON.writeValueAsString(Map.of("type", "retrieve", "callId", callId)));
            assertThat(retrieved.get("state").stringValue()).isEqualTo("TALKING");
            agent.send(JSON.writeValueAsString(Map.of("type", "hangUp", "callId", callId)));
            JsonNode ended = agent.next("callEnded", WAIT);
            assertThat(ended.get("by").stringValue()).isEqualTo("agent");
            assertThat(caller.awaitEvent("CALL_CLOSED", WAIT))
                    .as("baresip got our BYE: " + caller.log())
                    .isPresent();
            Map<String, Object> recording = eventually(
                    "the recording is archived, whole",
                    () -> row(
                            "SELECT * FROM call_recording WHERE tenant_id = ? AND call_id = ?", tenant.slug(), callId),
                    found -> "UPLOADED".equals(found.get("status")));
            assertThat(recording.get("partial")).isEqualTo(false);
            assertThat(row("SELECT count(*) AS n FROM call_record WHERE tenant_id = ?", tenant.slug(), null)
                            .get("n"))
                    .as("none of the bad messages became a call of the tenant")
                    .isEqualTo(1L);
        }
        Path kamailioLog = Path.of(stack.rtpengineRecordingDir())
                .getParent()
                .getParent()
                .getParent()
                .resolve("logs")
                .resolve("kamailio.log");
        if (Files.exists(kamailioLog)) {
            assertThat(Files.readString(kamailioLog, StandardCharsets.ISO_8859_1))
                    .contains("pike: flood from 127.0.0.2");
        }
    }

    /**
     * Sends {@code count} datagrams of garbage to each target from 127.0.0.4: random bytes, a truncated request line,
     * a request with a broken header, a response to nothing.
     */
    private static int sendGarbage(List<InetSocketAddress> targets, int count) throws Exception {
        byte[][] shapes = {
            new byte[0],
            "INVITE sip:".getBytes(StandardCharsets.US_ASCII),
            ("OPTIONS sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP ???\r\nCSeq: banana\r\nContent-Length: -5\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII),
            "SIP/2.0 200 OK\r\nCall-ID: nobody\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
        };
        int sent = 0;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.4"), 0))) {
            for (int i = 0; i < count; i++) {
                byte[] payload = shapes[i % shapes.length];
                if (payload.length == 0) {
                    payload = new byte[200 + ThreadLocalRandom.current().nextInt(1000)];
                    ThreadLocalRandom.current().nextBytes(payload);
                }
                for (InetSocketAddress target : targets) {
                    socket.send(new DatagramPacket(payload, payload.length, target));
                    sent++;
                }
                if (i % 50 == 0) {
                    Thread.sleep(10);
                }
            }
        }
        return sent;
    }
}

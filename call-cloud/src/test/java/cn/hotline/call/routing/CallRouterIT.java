package cn.hotline.call.routing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentSkill;
import cn.hotline.call.acd.domain.CallRouting;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.call.ivr.IvrAction;
import cn.hotline.call.ivr.IvrInput;
import cn.hotline.call.ivr.IvrManagement;
import cn.hotline.call.ivr.IvrSession;
import cn.hotline.call.prompt.Announcements;
import cn.hotline.call.prompt.PromptLibrary;
import cn.hotline.call.prompt.PromptName;
import cn.hotline.call.support.CalendarServer;
import cn.hotline.call.support.Http;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.media.port.Prompt;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The seam the SIP side uses, end to end on real servers: the router picks the tenant's IVR, the interpreter runs it
 * (prompts resolved to files a media server can fetch), the choice is routed by the rules, and the ACD offers the
 * call to the agent of that group.
 */
@RealServers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CallRouterIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant WORKING = Instant.parse("2026-03-10T02:00:00Z");
    private static final CalendarServer CALENDAR = new CalendarServer();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
        registry.add("cc.call.tenant-service.url", CALENDAR::url);
    }

    @AfterAll
    static void stop() {
        CALENDAR.close();
    }

    @Autowired
    CallRouter router;

    @Autowired
    IvrManagement ivr;

    @Autowired
    RoutingManagement routing;

    @Autowired
    PromptLibrary prompts;

    @Autowired
    AcdManagement acd;

    private static byte[] fetch(URI location) throws Exception {
        if ("file".equals(location.getScheme())) {
            return Files.readAllBytes(Path.of(location));
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> response =
                    http.send(HttpRequest.newBuilder(location).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }
    }

    /** Asserts an 8 kHz mono G.711 A-law WAV (format tag 6). */
    private static void assertEightKilohertzAlaw(byte[] wav) {
        ByteBuffer header = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(wav, 0, 4)).isEqualTo("RIFF");
        assertThat(header.getShort(20)).as("format tag").isEqualTo((short) 6);
        assertThat(header.getShort(22)).as("channels").isEqualTo((short) 1);
        assertThat(header.getInt(24)).as("sample rate").isEqualTo(8000);
    }

    @Test
    void routesACallThroughTheIvrAndTheRulesToTheAgentOfTheChosenGroup() throws Exception {
        TenantId tenant = TenantId.of(Http.freshTenant("route"));
        prompts.synthesise(tenant, PromptName.of("welcome"), "您好，欢迎来电").block(WAIT);
        prompts.synthesise(tenant, PromptName.of("menu"), "异地就医请按3").block(WAIT);
        ivr.saveDraft(
                        tenant,
                        "main",
                        """
                        {"start": "welcome", "nodes": [
                          {"id": "welcome", "type": "announcement", "prompt": "welcome", "next": "menu"},
                          {"id": "menu", "type": "menu", "prompt": "menu",
                           "choices": [{"digit": "3", "next": "routed"}], "onFailure": "routed"},
                          {"id": "routed", "type": "queue"}]}
                        """,
                        "test")
                .block(WAIT);
        ivr.publish(tenant, "main", "test").block(WAIT);
        routing.replace(
                        tenant,
                        """
                        {"rules": [{"name": "remote", "when": {"ivrChoice": "3"},
                                    "then": {"action": "queue", "group": "remote", "priority": 2}}],
                         "default": {"action": "ivr", "tree": "main"},
                         "defaultQueue": {"group": "general"}}
                        """,
                        "test")
                .block(WAIT);
        AgentId agent = AgentId.of("agent-remote");
        acd.enrol(tenant, agent, List.of(AgentSkill.of("remote", 5))).block(WAIT);
        acd.signIn(tenant, agent).block(WAIT);
        acd.ready(tenant, agent).block(WAIT);

        CallFacts facts = new CallFacts(tenant, "12393", "+86 516 8765 4321", WORKING);
        RouteDecision decision = router.arrive(facts).block(WAIT);
        assertThat(decision).isInstanceOf(RouteDecision.RunIvr.class);
        IvrSession session = ((RouteDecision.RunIvr) decision).session(Clock.fixed(WORKING, ZoneOffset.UTC));

        IvrAction.Play welcome =
                (IvrAction.Play) session.on(new IvrInput.Started()).getFirst();
        Prompt welcomePrompt = prompts.resolve(tenant, welcome.prompts()).block(WAIT);
        assertThat(welcomePrompt).isInstanceOf(Prompt.File.class);
        assertEightKilohertzAlaw(fetch(((Prompt.File) welcomePrompt).location()));
        IvrAction.Play menu = (IvrAction.Play)
                session.on(new IvrInput.PromptFinished(welcome.id())).getFirst();
        assertThat(session.on(new IvrInput.PromptFinished(menu.id())).getFirst())
                .isInstanceOf(IvrAction.CollectDigit.class);
        IvrAction.QueueCall queued =
                (IvrAction.QueueCall) session.on(new IvrInput.Digit('3')).getFirst();
        assertThat(queued.group()).isNull();

        RouteDecision queue = router.afterIvr(facts, queued).block(WAIT);
        assertThat(queue)
                .isEqualTo(new RouteDecision.Queue(
                        SkillId.of("remote"),
                        2,
                        new RouteDecision.Matched("remote", List.of("IVR choices '3' match '3'"))));

        CallId call = CallId.random();
        CallRouting offered =
                acd.callArrived(tenant, call, SkillId.of("remote"), 2).block(WAIT);
        assertThat(offered).isInstanceOfSatisfying(CallRouting.Offered.class, o -> assertThat(o.agent())
                .isEqualTo(agent));
    }

    @Test
    void positionAnnouncementsAreSequencesOfGeneratedEightKilohertzPrompts() throws Exception {
        Prompt announcement = prompts.announcement(Announcements.position(105)).block(WAIT);
        assertThat(announcement).isInstanceOf(Prompt.Sequence.class);
        List<Prompt.File> files = ((Prompt.Sequence) announcement).files();
        assertThat(files).hasSize(6); // 您前面还有 一 百 零 五 位
        for (Prompt.File file : files) {
            assertEightKilohertzAlaw(fetch(file.location()));
        }
        Prompt.Music music =
                prompts.musicOnHold(TenantId.of(Http.freshTenant("moh"))).block(WAIT);
        byte[] melody = fetch(music.location());
        assertEightKilohertzAlaw(melody);
        assertThat(melody.length).as("several seconds of A-law").isGreaterThan(8000 * 3);
    }
}

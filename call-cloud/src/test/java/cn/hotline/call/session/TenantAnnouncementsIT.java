package cn.hotline.call.session;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.acd.QueueAnnouncements;
import cn.hotline.call.ivr.IvrManagement;
import cn.hotline.call.prompt.PromptLibrary;
import cn.hotline.call.prompt.PromptName;
import cn.hotline.call.sip.SipEdge;
import cn.hotline.call.sip.Sipp;
import cn.hotline.call.sip.TenantDirectoryStub;
import cn.hotline.call.support.CalendarServer;
import cn.hotline.call.support.Http;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.media.port.MediaServer;
import cn.hotline.media.port.Prompt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What callers hear as the tenant chose, with real SIPp callers on call-cloud's SIP edge, real rtpengine, Redis,
 * PostgreSQL and S3Mock (the media server wrapped only to see what was played): a tenant that turned position
 * announcements off has its waiting callers hear music only while another tenant's hear their place; callers over
 * the concurrent-call limit hear the tenant's own prompt (or the platform's) as early media before the 486, callers
 * of an unknown number the platform's before the 404; a caller hanging up in the IVR leaves a call record.
 */
@RealServers
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "cc.call.sip.trunks.loopback.addresses=127.0.0.1",
            "cc.call.sip.trunks.loopback.trust-asserted-identity=true",
            "cc.call.sip.trunks.loopback.area-code=0551",
            "cc.call.session.announce-every=4s",
            "cc.call.admission.announce-unknown-number=true",
        })
@org.springframework.context.annotation.Import(LiveCallIT.Observe.class)
class TenantAnnouncementsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final TenantDirectoryStub DIRECTORY = new TenantDirectoryStub();
    private static final CalendarServer CALENDAR = new CalendarServer();
    private static final String OWN_PROMPT_TENANT = Http.freshTenant("busy-own");
    private static final String PLATFORM_PROMPT_TENANT = Http.freshTenant("busy-sys");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        LiveCalls.stubbedTenantService(registry, DIRECTORY, CALENDAR);
        registry.add("cc.call.sip.port", () -> "0");
        registry.add("cc.call.admission.announce-over-quota[0]", () -> OWN_PROMPT_TENANT);
        registry.add("cc.call.admission.announce-over-quota[1]", () -> PLATFORM_PROMPT_TENANT);
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
    MediaServer media;

    @Autowired
    SipEdge edge;

    @Autowired
    AcdManagement acd;

    @Autowired
    PromptLibrary prompts;

    @Autowired
    IvrManagement ivr;

    @Autowired
    ReactiveStringRedisTemplate redis;

    private ObservedMediaServer observed() {
        return (ObservedMediaServer) media;
    }

    private SippCaller waitingCaller(LiveCalls.Tenant tenant, Path work, int waitMillis) throws Exception {
        return SippCaller.to(
                "127.0.0.1:" + edge.port(),
                "uac_abandon.xml",
                tenant.number(),
                work,
                Map.of("@WAIT_MS@", Integer.toString(waitMillis), "@BEFORE_WAIT@", ""));
    }

    private static String callOf(String slug, String outcome) throws InterruptedException {
        return String.valueOf(LiveCalls.eventually(
                        "the call record of " + slug,
                        () -> LiveCalls.row(
                                "SELECT * FROM call_record WHERE tenant_id = ? AND outcome = '" + outcome + "'",
                                slug,
                                null),
                        found -> !found.isEmpty())
                .get("call_id"));
    }

    @Test
    void aTenantThatTurnedPositionAnnouncementsOffHasItsWaitingCallersHearMusicOnly() throws Exception {
        LiveCalls.Tenant quiet = LiveCalls.tenant("quiet", DIRECTORY, redis);
        LiveCalls.Tenant told = LiveCalls.tenant("told", DIRECTORY, redis);
        acd.configureAnnouncements(
                        TenantId.of(quiet.slug()),
                        Optional.of(new QueueAnnouncements(false, Duration.ofSeconds(15))),
                        "test")
                .block(WAIT);
        Path work = Files.createTempDirectory("quiet-queue-");

        try (SippCaller first = waitingCaller(quiet, work, 11_000);
                SippCaller second = waitingCaller(told, work, 11_000)) {
            assertThat(first.finish(WAIT)).as("quiet caller: " + first.output()).isZero();
            assertThat(second.finish(WAIT))
                    .as("told caller: " + second.output())
                    .isZero();
        }

        List<Prompt> quietHeard = observed().played(CallId.parse(callOf(quiet.slug(), "ABANDONED")));
        List<Prompt> toldHeard = observed().played(CallId.parse(callOf(told.slug(), "ABANDONED")));
        System.out.println("quiet tenant's caller heard: " + quietHeard + "; the other: " + toldHeard);
        assertThat(quietHeard).isNotEmpty().allMatch(Prompt.Music.class::isInstance);
        assertThat(toldHeard)
                .as("the platform interval (4 s) still applies to a tenant without its own choice")
                .anyMatch(Prompt.Sequence.class::isInstance);
    }

    @Test
    void theAcdSettingsApiValidatesTheAnnouncementChoiceAndShowsIt() {
        String slug = Http.freshTenant("announce-api");
        WebTestClient api = Http.client(httpPort);
        Map<String, Object> base = Map.of("ringTimeoutSeconds", 20, "afterCallWorkSeconds", 10, "maxQueueLength", 50);
        java.util.function.Function<Map<String, Object>, WebTestClient.ResponseSpec> put = extra -> {
            Map<String, Object> body = new java.util.HashMap<>(base);
            body.putAll(extra);
            return api.put()
                    .uri("/tenants/{t}/acd/settings", slug)
                    .header("Authorization", "Bearer " + Http.admin(slug))
                    .bodyValue(body)
                    .exchange();
        };

        put.apply(Map.of("announcePosition", true, "announceEverySeconds", 10))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field")
                .isEqualTo("announceEverySeconds");
        put.apply(Map.of("announceEverySeconds", 60))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("announcePosition");
        assertThat(acd.queueAnnouncements(TenantId.of(slug)).block(WAIT))
                .as("nothing saved")
                .isEmpty();

        put.apply(Map.of("announcePosition", false, "announceEverySeconds", 45))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.announcePosition")
                .isEqualTo(false)
                .jsonPath("$.announceEverySeconds")
                .isEqualTo(45);
        api.get()
                .uri("/tenants/{t}/acd/settings", slug)
                .header("Authorization", "Bearer " + Http.admin(slug))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.announcePosition")
                .isEqualTo(false)
                .jsonPath("$.announceEverySeconds")
                .isEqualTo(45)
                .jsonPath("$.ringTimeoutSeconds")
                .isEqualTo(20);
        assertThat(acd.queueAnnouncements(TenantId.of(slug)).block(WAIT))
                .contains(new QueueAnnouncements(false, Duration.ofSeconds(45)));

        put.apply(Map.of()).expectStatus().isOk();
        assertThat(acd.queueAnnouncements(TenantId.of(slug)).block(WAIT))
                .as("without the fields the platform interval applies again")
                .isEmpty();
    }

    private Sipp.Result refusedAfterEarlyMedia(int code, String number) {
        return Sipp.run(
                Sipp.scenario(
                        "uac_refused.xml",
                        Map.of(
                                "@CODE@",
                                Integer.toString(code),
                                "@HOST@",
                                edge.host() + ":" + edge.port(),
                                "@EARLY@",
                                "<recv response=\"183\" />")),
                "127.0.0.1",
                edge.host(),
                edge.port(),
                number,
                "13912345678",
                1,
                1,
                List.of());
    }

    private LiveCalls.Tenant full(String slug) {
        String number = "0551" + ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
        DIRECTORY.owners.put(number, slug);
        redis.opsForHash()
                .put("t:" + slug + ":quota", "limit:CONCURRENT_CALLS", "0")
                .block(WAIT);
        return new LiveCalls.Tenant(slug, number);
    }

    private List<Prompt> playedDuring(Runnable call) {
        int before = observed().playedAnywhere().size();
        call.run();
        List<Prompt> all = observed().playedAnywhere();
        return all.subList(before, all.size());
    }

    private static String locations(List<Prompt> played) {
        return played.stream()
                .map(prompt -> switch (prompt) {
                    case Prompt.File file -> file.location().toString();
                    case Prompt.Music music -> music.location().toString();
                    case Prompt.Sequence sequence -> sequence.files().toString();
                })
                .toList()
                .toString();
    }

    @Test
    void callersOverTheLimitHearTheTenantsOwnPromptOrThePlatformsBeforeThe486() {
        prompts.synthesise(TenantId.of(OWN_PROMPT_TENANT), PromptName.of("over-quota"), "本热线繁忙")
                .block(WAIT);
        LiveCalls.Tenant own = full(OWN_PROMPT_TENANT);
        LiveCalls.Tenant platform = full(PLATFORM_PROMPT_TENANT);

        List<Prompt> ownHeard = playedDuring(() -> {
            Sipp.Result busy = refusedAfterEarlyMedia(486, own.number());
            assertThat(busy.allCallsSucceeded()).as(busy.output()).isTrue();
        });
        List<Prompt> platformHeard = playedDuring(() -> {
            Sipp.Result busy = refusedAfterEarlyMedia(486, platform.number());
            assertThat(busy.allCallsSucceeded()).as(busy.output()).isTrue();
        });

        assertThat(ownHeard).hasSize(1);
        assertThat(locations(ownHeard))
                .as("the tenant's own prompt, fetched from its library")
                .doesNotContain("sys.");
        assertThat(locations(platformHeard)).contains("sys.over_quota");
        // a tenant that did not ask for it gets the plain 486 (no 183: the scenario without @EARLY@ fails on one)
        LiveCalls.Tenant plain = full(Http.freshTenant("busy-plain"));
        Sipp.Result quiet = Sipp.run(
                Sipp.scenario("uac_refused.xml", Map.of("@CODE@", "486", "@HOST@", edge.host() + ":" + edge.port())),
                "127.0.0.1",
                edge.host(),
                edge.port(),
                plain.number(),
                "13912345678",
                1,
                1,
                List.of());
        assertThat(quiet.allCallsSucceeded()).as(quiet.output()).isTrue();
    }

    @Test
    void callersOfAnUnknownNumberHearThePlatformsAnnouncementBeforeThe404() {
        List<Prompt> heard = playedDuring(() -> {
            Sipp.Result unknown = refusedAfterEarlyMedia(
                    404, "0551" + ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999));
            assertThat(unknown.allCallsSucceeded()).as(unknown.output()).isTrue();
        });

        assertThat(locations(heard)).contains("sys.unknown_number");
    }

    @Test
    void aCallerHangingUpInTheIvrLeavesACallRecord() throws Exception {
        LiveCalls.Tenant tenant = LiveCalls.tenantWithMenu("ivr-gone", DIRECTORY, redis, prompts, ivr);
        Path work = Files.createTempDirectory("ivr-abandon-");

        try (SippCaller caller = waitingCaller(tenant, work, 3_000)) {
            assertThat(caller.finish(WAIT)).as(caller.output()).isZero();
        }

        Map<String, Object> record = LiveCalls.eventually(
                "the IVR abandon's call record",
                () -> LiveCalls.row("SELECT * FROM call_record WHERE tenant_id = ?", tenant.slug(), null),
                found -> !found.isEmpty());
        assertThat(record)
                .containsEntry("outcome", "ABANDONED_IN_IVR")
                .containsEntry("called", tenant.number())
                .containsEntry("caller", "13912345678");
        assertThat(record.get("skill_group")).isNull();
        assertThat(record.get("ended_at")).isNotNull();
    }
}

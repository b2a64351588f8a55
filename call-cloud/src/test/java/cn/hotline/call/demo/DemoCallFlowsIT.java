package cn.hotline.call.demo;

import static cn.hotline.call.support.Http.admin;
import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.ivr.IvrManagement;
import cn.hotline.call.prompt.PromptLibrary;
import cn.hotline.call.support.CalendarServer;
import cn.hotline.call.support.Http;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The demo tenants' call flows, seeded against real PostgreSQL and S3 with espeak-ng prompts, and the routing
 * simulator answering for each: the IVR path, the rule, the queue and why.
 */
@RealServers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DemoCallFlowsIT {

    /** Tuesday 2026-03-10 10:00 in Shanghai. */
    private static final String WORKING = "2026-03-10T02:00:00Z";
    /** Tuesday 2026-03-10 20:00 in Shanghai. */
    private static final String EVENING = "2026-03-10T12:00:00Z";
    /** 国庆 2026-10-01 10:00 in Shanghai, a Thursday. */
    private static final String NATIONAL_DAY = "2026-10-01T02:00:00Z";
    /** Saturday 2026-10-10 10:00, a make-up working day. */
    private static final String MAKEUP_SATURDAY = "2026-10-10T02:00:00Z";

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

    @LocalServerPort
    int port;

    @Autowired
    DemoCallFlows demo;

    @Autowired
    IvrManagement ivr;

    @Autowired
    PromptLibrary prompts;

    @BeforeEach
    void seed() {
        demo.seed().block(Duration.ofMinutes(3));
    }

    private WebTestClient.BodyContentSpec simulate(
            String tenant, String called, String caller, String at, List<String> choices) {
        return Http.client(port)
                .post()
                .uri("/tenants/{t}/routing/simulate", tenant)
                .headers(h -> h.setBearerAuth(admin(tenant)))
                .bodyValue(Map.of("calledNumber", called, "callerNumber", caller, "at", at, "ivrChoices", choices))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody();
    }

    @Test
    void seedingIsIdempotent() {
        demo.seed().block(Duration.ofMinutes(3));
        for (var tenant : List.of(DemoCallFlows.SHUSHAN, DemoCallFlows.XUZHOU_YB, DemoCallFlows.NANNING)) {
            assertThat(ivr.current(tenant, "main").block(Duration.ofSeconds(10)).version())
                    .as("tree of %s", tenant)
                    .isEqualTo(1);
        }
        assertThat(prompts.names(DemoCallFlows.XUZHOU_YB).block(Duration.ofSeconds(10)))
                .containsExactlyInAnyOrder("welcome", "menu", "closed");
    }

    @Test
    void shushanHasNoMenuTheWelcomeLeadsStraightToTheQueue() {
        simulate("shushan", "0551-65312345", "13700000000", EVENING, List.of("1"))
                .jsonPath("$.entry.action")
                .isEqualTo("IVR")
                .jsonPath("$.entry.rule")
                .isEqualTo("default")
                .jsonPath("$.ivr.path[*].node")
                .isEqualTo(List.of("welcome", "agent"))
                .jsonPath("$.ivr.unusedChoices")
                .isEqualTo(List.of("1"))
                .jsonPath("$.outcome.action")
                .isEqualTo("QUEUE")
                .jsonPath("$.outcome.group")
                .isEqualTo("general")
                .jsonPath("$.why")
                .isNotEmpty();
    }

    @Test
    void shushanRejectsItsBlacklistedCallerBeforeTheIvr() {
        simulate("shushan", "055165312345", "+86 139 0000 0000", WORKING, List.of())
                .jsonPath("$.entry.action")
                .isEqualTo("REJECT")
                .jsonPath("$.entry.rule")
                .isEqualTo("blocked")
                .jsonPath("$.entry.reason")
                .isEqualTo("blacklisted")
                .jsonPath("$.ivr")
                .doesNotExist()
                .jsonPath("$.outcome.action")
                .isEqualTo("REJECT");
    }

    @Test
    void xuzhouRoutesEachTopicOfItsMenu() {
        simulate("xuzhou-yb", "12393", "051687654321", WORKING, List.of("1"))
                .jsonPath("$.callerRegion")
                .isEqualTo("0516")
                .jsonPath("$.workingHours")
                .isEqualTo(true)
                .jsonPath("$.ivr.path[*].node")
                .isEqualTo(List.of("welcome", "hours", "topics", "topics", "payment"))
                .jsonPath("$.outcome.group")
                .isEqualTo("payment")
                .jsonPath("$.outcome.rule")
                .isEqualTo("ivr");
        simulate("xuzhou-yb", "12393", "13700000000", MAKEUP_SATURDAY, List.of("2"))
                .jsonPath("$.outcome.group")
                .isEqualTo("claims");
        // 3 异地就医: the queue node has no group, the routing rule 'remote-care' picks it
        simulate("xuzhou-yb", "12393", "13700000000", WORKING, List.of("3"))
                .jsonPath("$.ivr.choices")
                .isEqualTo(List.of("3"))
                .jsonPath("$.outcome.action")
                .isEqualTo("QUEUE")
                .jsonPath("$.outcome.group")
                .isEqualTo("remote")
                .jsonPath("$.outcome.priority")
                .isEqualTo(1)
                .jsonPath("$.outcome.rule")
                .isEqualTo("remote-care");
    }

    @Test
    void xuzhouSendsCallersWhoDoNotChooseToAnAgentAfterTheRetries() {
        simulate("xuzhou-yb", "12393", "13700000000", WORKING, List.of("7"))
                .jsonPath("$.ivr.path[*].note")
                .value(notes -> assertThat(notes.toString())
                        .contains("digit 7 is not offered; attempt 1 of 3")
                        .contains("no digit within 6 s; attempt 3 of 3, → agent"))
                .jsonPath("$.outcome.group")
                .isEqualTo("general");
    }

    @Test
    void xuzhouTakesVoicemailOutsideWorkingHoursAndOnHolidays() {
        simulate("xuzhou-yb", "12393", "13700000000", EVENING, List.of("1"))
                .jsonPath("$.ivr.path[*].node")
                .isEqualTo(List.of("welcome", "hours", "after-hours"))
                .jsonPath("$.outcome.action")
                .isEqualTo("VOICEMAIL");
        simulate("xuzhou-yb", "12393", "13700000000", NATIONAL_DAY, List.of("1"))
                .jsonPath("$.holiday")
                .isEqualTo(true)
                .jsonPath("$.outcome.action")
                .isEqualTo("VOICEMAIL");
    }

    @Test
    void xuzhouSendsItsVipStraightToAnAgentWithTopPriority() {
        simulate("xuzhou-yb", "12393", "8613800000001", WORKING, List.of())
                .jsonPath("$.entry.rule")
                .isEqualTo("vip")
                .jsonPath("$.ivr")
                .doesNotExist()
                .jsonPath("$.outcome.group")
                .isEqualTo("general")
                .jsonPath("$.outcome.priority")
                .isEqualTo(9);
    }

    @Test
    void nanningQueuesInWorkingHoursAndTakesVoicemailOutside() {
        simulate("nanning", "12345", "07712345678", WORKING, List.of())
                .jsonPath("$.callerRegion")
                .isEqualTo("0771")
                .jsonPath("$.ivr.path[*].node")
                .isEqualTo(List.of("welcome", "hours", "agent"))
                .jsonPath("$.outcome.group")
                .isEqualTo("general");
        simulate("nanning", "12345", "07712345678", EVENING, List.of())
                .jsonPath("$.outcome.action")
                .isEqualTo("VOICEMAIL");
    }

    @Test
    void theSimulatorRefusesBadInput() {
        WebTestClient http = Http.client(port);
        http.post()
                .uri("/tenants/nanning/routing/simulate")
                .headers(h -> h.setBearerAuth(admin("nanning")))
                .bodyValue(Map.of("calledNumber", "12345", "callerNumber", "not a number"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED");
        http.post()
                .uri("/tenants/nanning/routing/simulate")
                .headers(h -> h.setBearerAuth(admin("nanning")))
                .bodyValue(Map.of("calledNumber", "12345", "callerNumber", "13700000000", "ivrChoices", List.of("12")))
                .exchange()
                .expectStatus()
                .isBadRequest();
        http.post()
                .uri("/tenants/nanning/routing/simulate")
                .headers(h -> h.setBearerAuth(admin("shushan")))
                .bodyValue(Map.of("calledNumber", "12345", "callerNumber", "13700000000"))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void routingRulesNamingAnUnpublishedTreeAreRefusedAndNothingChanges() {
        WebTestClient http = Http.client(port);
        String tenant = "nanning";
        http.put()
                .uri("/tenants/{t}/routing/rules", tenant)
                .headers(h -> h.setBearerAuth(admin(tenant)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"rules\": [{\"name\": \"x\", \"when\": {\"callerPrefix\": [\"138\"]},"
                        + " \"then\": {\"action\": \"ivr\", \"tree\": \"night\"}}],"
                        + " \"default\": {\"action\": \"ivr\", \"tree\": \"main\"},"
                        + " \"defaultQueue\": {\"group\": \"general\"}}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].message")
                .isEqualTo("IVR tree 'night' has no published version");
        http.get()
                .uri("/tenants/{t}/routing/rules", tenant)
                .headers(h -> h.setBearerAuth(admin(tenant)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.revision")
                .isEqualTo(1)
                .jsonPath("$.document.rules")
                .isEmpty();
    }
}

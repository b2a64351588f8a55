package cn.hotline.call.ivr;

import static cn.hotline.call.support.Http.admin;
import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.prompt.TestWavs;
import cn.hotline.call.support.CalendarServer;
import cn.hotline.call.support.Http;
import cn.hotline.call.support.Multipart;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.testing.TestTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Prompt library and IVR trees against real PostgreSQL and S3 (S3Mock), through the HTTP API. */
@RealServers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IvrTreesIT {

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
    IvrManagement ivr;

    private WebTestClient http() {
        return Http.client(port);
    }

    private static String tree(String welcomePrompt) {
        return ("{'start': 'welcome', 'nodes': ["
                        + "{'id': 'welcome', 'type': 'announcement', 'prompt': '" + welcomePrompt
                        + "', 'next': 'menu'},"
                        + "{'id': 'menu', 'type': 'menu', 'prompt': 'sys.invalid_input',"
                        + " 'choices': [{'digit': '1', 'next': 'q'}], 'onFailure': 'q'},"
                        + "{'id': 'q', 'type': 'queue', 'group': 'general'}]}")
                .replace('\'', '"');
    }

    private void upload(String tenant, String name, byte[] wav) {
        postPrompt(tenant, name, wav)
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.name")
                .isEqualTo(name)
                .jsonPath("$.format")
                .isEqualTo("ALAW")
                .jsonPath("$.durationMillis")
                .value(d -> assertThat(((Number) d).longValue()).isBetween(900L, 1100L));
    }

    private WebTestClient.ResponseSpec postPrompt(String tenant, String name, byte[] file) {
        return http().post()
                .uri("/tenants/{t}/prompts", tenant)
                .headers(h -> h.setBearerAuth(admin(tenant)))
                .contentType(Multipart.CONTENT_TYPE)
                .bodyValue(Multipart.promptForm(name, file))
                .exchange();
    }

    private WebTestClient.ResponseSpec putDraft(String tenant, String tree, String document) {
        return http().put()
                .uri("/tenants/{t}/ivr-trees/{tree}/draft", tenant, tree)
                .headers(h -> h.setBearerAuth(admin(tenant)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(document)
                .exchange();
    }

    private WebTestClient.ResponseSpec publish(String tenant, String tree) {
        return http().post()
                .uri("/tenants/{t}/ivr-trees/{tree}/publish", tenant, tree)
                .headers(h -> h.setBearerAuth(admin(tenant)))
                .exchange();
    }

    @Test
    void uploadsAnyWavAsEightKilohertzAlawAndListsIt() throws Exception {
        String tenant = Http.freshTenant("pr");
        upload(tenant, "welcome", TestWavs.tone(44_100, 2, 1.0));
        upload(tenant, "menu", TestWavs.tone(16_000, 1, 1.0));

        http().get()
                .uri("/tenants/{t}/prompts", tenant)
                .headers(h -> h.setBearerAuth(admin(tenant)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[*].name")
                .isEqualTo(List.of("menu", "welcome"))
                .jsonPath("$[0].sizeBytes")
                .value(size -> assertThat(((Number) size).longValue()).isBetween(8000L, 9000L));
    }

    @Test
    void refusesAFileThatIsNotAudioAndStoresNothing() {
        String tenant = Http.freshTenant("pr");
        postPrompt(tenant, "welcome", "这不是声音".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .expectStatus()
                .isEqualTo(415)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        // a RIFF header with garbage behind it: sox cannot read it either
        byte[] broken = TestWavs.tone(8000, 1, 0.1);
        broken[20] = 99; // unknown format tag
        postPrompt(tenant, "welcome", broken).expectStatus().isEqualTo(415);
        http().get()
                .uri("/tenants/{t}/prompts", tenant)
                .headers(h -> h.setBearerAuth(admin(tenant)))
                .exchange()
                .expectBody()
                .json("[]");
    }

    @Test
    void synthesisesAMandarinPromptWithEspeak() {
        String tenant = Http.freshTenant("pr");
        http().post()
                .uri("/tenants/{t}/prompts/tts", tenant)
                .headers(h -> h.setBearerAuth(admin(tenant)))
                .bodyValue(Map.of("name", "welcome", "text", "您好，欢迎致电12345热线"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.source")
                .isEqualTo("TTS")
                .jsonPath("$.durationMillis")
                .value(d -> assertThat(((Number) d).longValue()).isGreaterThan(1000L));
    }

    @Test
    void onlyTenantAdminsChangePromptsAndTrees() {
        String tenant = Http.freshTenant("pr");
        http().get()
                .uri("/tenants/{t}/prompts", tenant)
                .headers(h -> h.setBearerAuth(Http.agent(tenant)))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("FORBIDDEN");
        // an admin narrowed to a workstation cannot change the tenant-wide call flow
        http().put()
                .uri("/tenants/{t}/ivr-trees/main/draft", tenant)
                .headers(h -> h.setBearerAuth(TestTokens.user(
                        tenant, java.util.Set.of(cn.hotline.kernel.security.Role.TENANT_ADMIN), tenant + ".ws1")))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(tree("sys.goodbye"))
                .exchange()
                .expectStatus()
                .isForbidden();
        putDraft(tenant, "main", tree("sys.goodbye")).expectStatus().isOk();
        http().put()
                .uri("/tenants/{t}/ivr-trees/main/draft", tenant)
                .headers(h -> h.setBearerAuth(Http.agent(tenant)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(tree("sys.goodbye"))
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void anInvalidDraftIsRefusedWithErrorsPointingAtNodesAndNothingIsStored() {
        String tenant = Http.freshTenant("ivr");
        String bad = ("{'start': 'welcome', 'nodes': ["
                        + "{'id': 'welcome', 'type': 'announcement', 'prompt': 'not-uploaded', 'next': 'nowhere'},"
                        + "{'id': 'menu', 'type': 'menu', 'prompt': 'sys.goodbye',"
                        + " 'choices': [{'digit': '1', 'next': 'welcome'}, {'digit': '1', 'next': 'welcome'}],"
                        + " 'onFailure': 'welcome'}]}")
                .replace('\'', '"');
        putDraft(tenant, "main", bad)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].node")
                .isEqualTo("menu")
                .jsonPath("$.errors[0].field")
                .isEqualTo("choices[1].digit");
        String unsound = ("{'start': 'welcome', 'nodes': ["
                        + "{'id': 'welcome', 'type': 'announcement', 'prompt': 'not-uploaded', 'next': 'nowhere'},"
                        + "{'id': 'lost', 'type': 'hangup'}]}")
                .replace('\'', '"');
        putDraft(tenant, "main", unsound)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors.length()")
                .isEqualTo(3)
                .jsonPath("$.errors[?(@.node == 'welcome' && @.field == 'next')]")
                .exists()
                .jsonPath("$.errors[?(@.node == 'welcome' && @.field == 'prompt')]")
                .exists()
                .jsonPath("$.errors[?(@.node == 'lost')].message")
                .isEqualTo(List.of("no path from 'welcome' leads here"));
        putDraft(tenant, "main", "{not json")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("MALFORMED_REQUEST");
        http().get()
                .uri("/tenants/{t}/ivr-trees/main", tenant)
                .headers(h -> h.setBearerAuth(admin(tenant)))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void publishesVersionsWithoutADeployRollsBackAndACallKeepsItsVersion() {
        String tenant = Http.freshTenant("ivr");
        TenantId id = TenantId.of(tenant);
        upload(tenant, "welcome", TestWavs.tone(8000, 1, 1.0));
        upload(tenant, "welcome2", TestWavs.tone(8000, 1, 1.0));
        putDraft(tenant, "main", tree("welcome")).expectStatus().isOk();
        publish(tenant, "main")
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(1);

        IvrVersion first = ivr.current(id, "main").block(Duration.ofSeconds(10));
        assertThat(first).isNotNull();
        IvrSession call = IvrSession.of(
                first, TenantCalendar.fallback(), Clock.fixed(Instant.parse("2026-03-10T02:00:00Z"), ZoneOffset.UTC));
        IvrAction.Play welcome =
                (IvrAction.Play) call.on(new IvrInput.Started()).getFirst();

        putDraft(tenant, "main", tree("welcome2")).expectStatus().isOk();
        publish(tenant, "main")
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(2);

        // new calls get version 2 at once; the call in progress goes on with version 1
        assertThat(ivr.current(id, "main").block(Duration.ofSeconds(10)).version())
                .isEqualTo(2);
        assertThat(welcome.prompts()).extracting(p -> p.value()).containsExactly("welcome");
        assertThat(call.version().version()).isEqualTo(1);
        assertThat(call.on(new IvrInput.PromptFinished(welcome.id()))).isNotEmpty();

        http().post()
                .uri("/tenants/{t}/ivr-trees/main/rollback", tenant)
                .headers(h -> h.setBearerAuth(admin(tenant)))
                .bodyValue(Map.of("version", 1))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(1);
        assertThat(ivr.current(id, "main")
                        .block(Duration.ofSeconds(10))
                        .definition()
                        .node("welcome")
                        .prompts())
                .containsValue(cn.hotline.call.prompt.PromptName.of("welcome"));
        http().get()
                .uri("/tenants/{t}/ivr-trees/main", tenant)
                .headers(h -> h.setBearerAuth(admin(tenant)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.currentVersion")
                .isEqualTo(1)
                .jsonPath("$.versions.length()")
                .isEqualTo(2)
                .jsonPath("$.draft.nodes[0].prompt")
                .isEqualTo("welcome2");
        http().post()
                .uri("/tenants/{t}/ivr-trees/main/rollback", tenant)
                .headers(h -> h.setBearerAuth(admin(tenant)))
                .bodyValue(Map.of("version", 7))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void aPromptOfAPublishedVersionCannotBeDeletedUntilNoCurrentVersionUsesIt() {
        String tenant = Http.freshTenant("ivr");
        upload(tenant, "welcome", TestWavs.tone(8000, 1, 1.0));
        putDraft(tenant, "main", tree("welcome")).expectStatus().isOk();
        publish(tenant, "main").expectStatus().isCreated();

        http().delete()
                .uri("/tenants/{t}/prompts/welcome", tenant)
                .headers(h -> h.setBearerAuth(admin(tenant)))
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("CONFLICT")
                .jsonPath("$.usedBy[0]")
                .isEqualTo("IVR tree 'main' version 1");

        putDraft(tenant, "main", tree("sys.goodbye")).expectStatus().isOk();
        publish(tenant, "main").expectStatus().isCreated();
        http().delete()
                .uri("/tenants/{t}/prompts/welcome", tenant)
                .headers(h -> h.setBearerAuth(admin(tenant)))
                .exchange()
                .expectStatus()
                .isNoContent();
        // version 1 plays the deleted prompt: rolling back to it is refused
        http().post()
                .uri("/tenants/{t}/ivr-trees/main/rollback", tenant)
                .headers(h -> h.setBearerAuth(admin(tenant)))
                .bodyValue(Map.of("version", 1))
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.missingPrompts[0]")
                .isEqualTo("welcome");
        http().delete()
                .uri("/tenants/{t}/prompts/welcome", tenant)
                .headers(h -> h.setBearerAuth(admin(tenant)))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void anotherTenantsTreesAndPromptsAreNotFound() {
        String owner = Http.freshTenant("ivr");
        String other = Http.freshTenant("ivr");
        upload(owner, "welcome", TestWavs.tone(8000, 1, 1.0));
        putDraft(owner, "main", tree("welcome")).expectStatus().isOk();
        publish(owner, "main").expectStatus().isCreated();

        // the other tenant's admin on the owner's path: 404, as if nothing existed
        http().get()
                .uri("/tenants/{t}/ivr-trees/main", owner)
                .headers(h -> h.setBearerAuth(admin(other)))
                .exchange()
                .expectStatus()
                .isNotFound();
        http().delete()
                .uri("/tenants/{t}/prompts/welcome", owner)
                .headers(h -> h.setBearerAuth(admin(other)))
                .exchange()
                .expectStatus()
                .isNotFound();
        // on its own path it sees none of them (row-level security)
        http().get()
                .uri("/tenants/{t}/ivr-trees/main", other)
                .headers(h -> h.setBearerAuth(admin(other)))
                .exchange()
                .expectStatus()
                .isNotFound();
        http().get()
                .uri("/tenants/{t}/ivr-trees", other)
                .headers(h -> h.setBearerAuth(admin(other)))
                .exchange()
                .expectBody()
                .json("[]");
        // and its tree may not play the owner's prompt
        putDraft(other, "main", tree("welcome"))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].node")
                .isEqualTo("welcome");
        assertThat(ivr.current(TenantId.of(other), "main").blockOptional(Duration.ofSeconds(10)))
                .isEmpty();
    }
}

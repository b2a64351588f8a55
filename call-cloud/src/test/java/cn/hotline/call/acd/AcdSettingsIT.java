package cn.hotline.call.acd;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentSkill;
import cn.hotline.call.acd.domain.CallRouting;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A tenant's own ACD settings: saved, applied at once to its writer, kept by the next writer, validated. */
@RealServers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AcdSettingsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final SkillId GENERAL = SkillId.of("general");
    private static final SkillId MEDICAL = SkillId.of("medical");

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    AcdManagement acd;

    private final TenantId tenant = TenantId.of("set-" + Uuids.v7().toString().substring(24));

    private WebTestClient as(Role role) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(WAIT)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(tenant.value(), role))
                .build();
    }

    private WebTestClient.ResponseSpec put(Role role, Object body) {
        return as(role).put()
                .uri("/tenants/{t}/acd/settings", tenant.value())
                .bodyValue(body)
                .exchange();
    }

    @Test
    void overflowAndQueueLimitApplyAtOnceAndSurviveANewWriter() throws Exception {
        AgentId medic = AgentId.of("m1");
        acd.enrol(tenant, medic, List.of(new AgentSkill(MEDICAL, 5)))
                .then(acd.signIn(tenant, medic))
                .then(acd.ready(tenant, medic))
                .block(WAIT);
        put(
                        Role.TENANT_ADMIN,
                        Map.of(
                                "ringTimeoutSeconds", 20,
                                "afterCallWorkSeconds", 0,
                                "maxQueueLength", 1,
                                "overflow", List.of(Map.of("from", "general", "to", "medical", "afterSeconds", 1))))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.overflow[0].to")
                .isEqualTo("medical");

        // Nobody serves "general": the call waits, then overflows to the ready medical agent after a second.
        CallId call = CallId.random();
        assertThat(acd.callArrived(tenant, call, GENERAL, 0).block(WAIT)).isInstanceOf(CallRouting.Queued.class);
        long deadline = System.nanoTime() + WAIT.toNanos();
        String state = acd.agent(tenant, medic).block(WAIT).state().code();
        while (!"OFFERED".equals(state) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            state = acd.agent(tenant, medic).block(WAIT).state().code();
        }
        assertThat(state).isEqualTo("OFFERED");

        // A new writer (this instance gave its lease up) reads the saved settings: a queue holds one call.
        acd.stop().block(WAIT);
        assertThat(acd.callArrived(tenant, CallId.random(), GENERAL, 0).block(WAIT))
                .isInstanceOf(CallRouting.Queued.class);
        assertThat(acd.callArrived(tenant, CallId.random(), GENERAL, 0).block(WAIT))
                .isInstanceOf(CallRouting.Rejected.class);
        as(Role.SUPERVISOR)
                .get()
                .uri("/tenants/{t}/acd/settings", tenant.value())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.maxQueueLength")
                .isEqualTo(1)
                .jsonPath("$.ringTimeoutSeconds")
                .isEqualTo(20);
    }

    @Test
    void badSettingsNameTheFieldAndChangeNothing() {
        as(Role.SUPERVISOR)
                .get()
                .uri("/tenants/{t}/acd/settings", tenant.value())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.ringTimeoutSeconds")
                .isEqualTo(15); // the platform default
        put(
                        Role.TENANT_ADMIN,
                        Map.of(
                                "ringTimeoutSeconds", 1,
                                "afterCallWorkSeconds", 0,
                                "maxQueueLength", 10,
                                "overflow", List.of(Map.of("from", "general", "to", "general", "afterSeconds", 5))))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field")
                .isEqualTo("ringTimeoutSeconds")
                .jsonPath("$.errors[1].field")
                .isEqualTo("overflow[0].to");
        put(Role.SUPERVISOR, Map.of("ringTimeoutSeconds", 20, "afterCallWorkSeconds", 0, "maxQueueLength", 10))
                .expectStatus()
                .isForbidden();
        as(Role.SUPERVISOR)
                .get()
                .uri("/tenants/{t}/acd/settings", tenant.value())
                .exchange()
                .expectBody()
                .jsonPath("$.ringTimeoutSeconds")
                .isEqualTo(15);
    }

    @Test
    void aQueueLimitIsSavedShownAndRemovedAndBadOnesNameTheField() {
        put(
                        Role.TENANT_ADMIN,
                        Map.of(
                                "ringTimeoutSeconds", 15,
                                "afterCallWorkSeconds", 0,
                                "maxQueueLength", 10,
                                "queueLimit", Map.of("afterSeconds", 10, "action", "RING_FOREVER")))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field")
                .isEqualTo("queueLimit.afterSeconds")
                .jsonPath("$.errors[1].field")
                .isEqualTo("queueLimit.action");
        assertThat(acd.queueLimit(tenant).block(WAIT)).isEmpty();

        put(
                        Role.TENANT_ADMIN,
                        Map.of(
                                "ringTimeoutSeconds", 15,
                                "afterCallWorkSeconds", 0,
                                "maxQueueLength", 10,
                                "queueLimit", Map.of("afterSeconds", 90, "action", "CHOICE")))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.queueLimit.action")
                .isEqualTo("CHOICE");
        as(Role.SUPERVISOR)
                .get()
                .uri("/tenants/{t}/acd/settings", tenant.value())
                .exchange()
                .expectBody()
                .jsonPath("$.queueLimit.afterSeconds")
                .isEqualTo(90)
                .jsonPath("$.queueLimit.action")
                .isEqualTo("CHOICE");
        assertThat(acd.queueLimit(tenant).block(WAIT))
                .contains(new QueueLimit(Duration.ofSeconds(90), QueueLimit.Action.CHOICE));

        // Without queueLimit the tenant has none again: callers wait without limit.
        put(Role.TENANT_ADMIN, Map.of("ringTimeoutSeconds", 15, "afterCallWorkSeconds", 0, "maxQueueLength", 10))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.queueLimit")
                .doesNotExist();
        assertThat(acd.queueLimit(tenant).block(WAIT)).isEmpty();
    }
}

package cn.hotline.call.report;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.kernel.testing.TestTokens;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tenant's own report settings (short-abandon threshold and counting) used when a request names none, after-call
 * work in AHT, and callers who hung up in the IVR shown apart from offered calls — over records with known times
 * written into the tenant's tables, so every figure is checked by hand.
 */
@RealServers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReportSettingsIT {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient db;

    private TenantId tenant;

    private static OffsetDateTime local(int hour, int minute, int second) {
        return LocalDateTime.of(2026, 11, 21, hour, minute, second)
                .atZone(CHINA)
                .toOffsetDateTime();
    }

    private Mono<Long> record(
            @Nullable String group,
            OffsetDateTime arrived,
            @Nullable OffsetDateTime answered,
            OffsetDateTime ended,
            String outcome) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(
                        "INSERT INTO call_record (tenant_id, call_id, skill_group, priority, queued_at, answered_at,"
                                + " agent_id, ended_at, outcome, last_decision)"
                                + " VALUES (:t, :c, :g, 0, :q, :a, :agent, :e, :o, 1)")
                .bind("t", tenant.value())
                .bind("c", UUID.randomUUID())
                .bind("q", arrived)
                .bind("e", ended)
                .bind("o", outcome);
        spec = group == null ? spec.bindNull("g", String.class) : spec.bind("g", group);
        spec = answered == null ? spec.bindNull("a", OffsetDateTime.class) : spec.bind("a", answered);
        spec = answered == null ? spec.bindNull("agent", String.class) : spec.bind("agent", "a1");
        return spec.fetch().rowsUpdated();
    }

    private <T> T inTenant(Mono<T> work) {
        TransactionalOperator tx = TransactionalOperator.create(new R2dbcTransactionManager(db.getConnectionFactory()));
        return Tenancy.runAs(TenantContext.of(tenant), tx.transactional(work)).block(Duration.ofSeconds(20));
    }

    @BeforeEach
    void calls() {
        tenant = TenantId.of("reps-" + Uuids.v7().toString().substring(24));
        inTenant(Flux.concat(
                        // answered at 10:00:20 after 20 s, 100 s of talk, then 30 s of after-call work
                        record("general", local(10, 0, 0), local(10, 0, 20), local(10, 2, 0), "ANSWERED"),
                        // answered, 60 s of talk, no after-call work recorded
                        record("general", local(10, 5, 0), local(10, 5, 10), local(10, 6, 10), "ANSWERED"),
                        // abandoned after 3 s and after 30 s
                        record("general", local(10, 10, 0), null, local(10, 10, 3), "ABANDONED"),
                        record("general", local(10, 12, 0), null, local(10, 12, 30), "ABANDONED"),
                        // hung up in the IVR, never queued
                        record(null, local(10, 15, 0), null, local(10, 15, 20), "ABANDONED_IN_IVR"))
                .then(db.sql("INSERT INTO acd_decision (tenant_id, fencing_token, kind, agent_id, detail, at)"
                                + " VALUES (:t, 1, 'AgentStateChanged', 'a1', 'READY->OFFERED', :s1),"
                                + " (:t, 1, 'AgentStateChanged', 'a1', 'OFFERED->TALKING', :s2),"
                                + " (:t, 1, 'AgentStateChanged', 'a1', 'TALKING->AFTER_CALL_WORK', :s3),"
                                + " (:t, 1, 'AgentStateChanged', 'a1', 'AFTER_CALL_WORK->READY', :s4)")
                        .bind("t", tenant.value())
                        .bind("s1", local(10, 0, 15))
                        .bind("s2", local(10, 0, 20))
                        .bind("s3", local(10, 2, 0))
                        .bind("s4", local(10, 2, 30))
                        .fetch()
                        .rowsUpdated()));
    }

    private WebTestClient as(Role role) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .defaultHeader(
                        HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(tenant.value(), List.of(role), null))
                .build();
    }

    private JsonNode day(String query) {
        String body = as(Role.SUPERVISOR)
                .get()
                .uri("/tenants/" + tenant.value() + "/reports/calls?from=2026-11-21&to=2026-11-21" + query)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        return JSON.readTree(body);
    }

    private WebTestClient.ResponseSpec putSettings(Role role, Map<String, Object> body) {
        return as(role).put()
                .uri("/tenants/" + tenant.value() + "/reports/settings")
                .bodyValue(body)
                .exchange();
    }

    @Test
    void ahtIncludesTheAfterCallWorkOfTheAgentWhoEndedTheCall() {
        JsonNode report = day("");
        JsonNode row = report.get("rows").get(0);

        // (100 + 30 after-call work) and 60: 95 s
        assertThat(row.get("ahtSeconds").doubleValue()).isEqualTo(95.0);
        assertThat(report.get("formulas").get("aht").stringValue())
                .contains("话后处理")
                .contains("after-call work");
    }

    @Test
    void callersWhoHungUpInTheIvrAreShownApartAndNotCountedAsOffered() {
        JsonNode report = day("&shortAbandons=INCLUDE");
        JsonNode row = report.get("rows").get(0);

        assertThat(row.get("abandonedInIvr").longValue()).isEqualTo(1);
        assertThat(row.get("offered").longValue()).isEqualTo(4);
        assertThat(row.get("abandoned").longValue()).isEqualTo(2);
        assertThat(row.get("maxWaitSeconds").doubleValue()).isEqualTo(30.0);
        assertThat(report.get("formulas").get("abandonedInIvr").stringValue()).contains("IVR");
    }

    @Test
    void callersWhoLeftTheQueueAtTheWaitLimitAreOfferedAndShownApart() {
        inTenant(Flux.concat(
                        // kept its place for a callback after 45 s, left a message after 40 s
                        record("general", local(11, 0, 0), null, local(11, 0, 45), "CALLBACK_KEPT"),
                        record("general", local(11, 5, 0), null, local(11, 5, 40), "VOICEMAIL"))
                .then());
        JsonNode report = day("&shortAbandons=INCLUDE");
        JsonNode row = report.get("rows").get(0);

        assertThat(row.get("keptForCallback").longValue()).isEqualTo(1);
        assertThat(row.get("voicemail").longValue()).isEqualTo(1);
        assertThat(row.get("offered").longValue())
                .as("offered, though neither answered nor abandoned")
                .isEqualTo(6);
        assertThat(row.get("answered").longValue()).isEqualTo(2);
        assertThat(row.get("abandoned").longValue()).isEqualTo(2);
        assertThat(row.get("answerRate").doubleValue()).isEqualTo(0.3333);
        assertThat(report.get("formulas").get("leftQueue").stringValue())
                .contains("排队回拨")
                .contains("callback report");
    }

    @Test
    void theTenantsOwnShortAbandonChoiceAppliesWhenTheRequestNamesNone() {
        JsonNode before = day("");
        assertThat(before.get("shortAbandonSeconds").longValue()).isEqualTo(5);
        assertThat(before.get("rows").get(0).get("shortAbandoned").longValue()).isEqualTo(1);
        assertThat(before.get("rows").get(0).get("offered").longValue()).isEqualTo(3);

        putSettings(Role.TENANT_ADMIN, Map.of("shortAbandonSeconds", 40, "shortAbandons", "INCLUDE"))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.shortAbandonSeconds")
                .isEqualTo(40)
                .jsonPath("$.own")
                .isEqualTo(true);

        JsonNode after = day("");
        assertThat(after.get("shortAbandonSeconds").longValue()).isEqualTo(40);
        assertThat(after.get("shortAbandons").stringValue()).isEqualTo("INCLUDE");
        assertThat(after.get("rows").get(0).get("shortAbandoned").longValue()).isEqualTo(2);
        assertThat(after.get("rows").get(0).get("offered").longValue()).isEqualTo(4);
        JsonNode asked = day("&shortAbandonSeconds=5&shortAbandons=EXCLUDE");
        assertThat(asked.get("rows").get(0).get("shortAbandoned").longValue())
                .as("a request parameter still wins")
                .isEqualTo(1);
        as(Role.SUPERVISOR)
                .get()
                .uri("/tenants/" + tenant.value() + "/reports/settings")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.shortAbandonSeconds")
                .isEqualTo(40)
                .jsonPath("$.shortAbandons")
                .isEqualTo("INCLUDE");
    }

    @Test
    void badSettingsAndOtherRolesChangeNothing() {
        putSettings(Role.TENANT_ADMIN, Map.of("shortAbandonSeconds", 61, "shortAbandons", "SOMETIMES"))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors.length()")
                .isEqualTo(2);
        putSettings(Role.SUPERVISOR, Map.of("shortAbandonSeconds", 10, "shortAbandons", "INCLUDE"))
                .expectStatus()
                .isForbidden();
        as(Role.SUPERVISOR)
                .get()
                .uri("/tenants/" + tenant.value() + "/reports/settings")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.shortAbandonSeconds")
                .isEqualTo(5)
                .jsonPath("$.own")
                .isEqualTo(false);
        String stranger = "reps-" + Uuids.v7().toString().substring(24);
        WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultHeader(
                        HttpHeaders.AUTHORIZATION,
                        "Bearer " + TestTokens.user(stranger, List.of(Role.TENANT_ADMIN), null))
                .build()
                .put()
                .uri("/tenants/" + tenant.value() + "/reports/settings")
                .bodyValue(Map.of("shortAbandonSeconds", 10, "shortAbandons", "INCLUDE"))
                .exchange()
                .expectStatus()
                .isNotFound();
    }
}

package cn.hotline.call.report;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.kernel.testing.TestTokens;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
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
 * Call reports over records with known times (written straight into the tenant's tables), so every figure can be
 * checked by hand: service levels at 15 / 20 s, answer and abandon rates with short abandons left out or counted,
 * ASA, AHT, half-hour buckets in China time, groups, another tenant's calls never counted, Excel, agent state time.
 */
@RealServers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CallReportIT {

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
        return LocalDateTime.of(2026, 11, 20, hour, minute, second)
                .atZone(CHINA)
                .toOffsetDateTime();
    }

    private Mono<Long> record(
            TenantId owner,
            String group,
            OffsetDateTime arrived,
            @Nullable Integer answeredAfter,
            @Nullable Integer talk,
            String outcome,
            @Nullable Integer endedAfter) {
        OffsetDateTime answered = answeredAfter == null ? null : arrived.plusSeconds(answeredAfter);
        OffsetDateTime ended = endedAfter != null
                ? arrived.plusSeconds(endedAfter)
                : answered != null && talk != null ? answered.plusSeconds(talk) : null;
        DatabaseClient.GenericExecuteSpec spec = db.sql(
                        "INSERT INTO call_record (tenant_id, call_id, skill_group, priority, queued_at, answered_at,"
                                + " agent_id, ended_at, outcome, last_decision)"
                                + " VALUES (:t, :c, :g, 0, :q, :a, :agent, :e, :o, 1)")
                .bind("t", owner.value())
                .bind("c", UUID.randomUUID())
                .bind("g", group)
                .bind("q", arrived)
                .bind("o", outcome);
        spec = answered == null ? spec.bindNull("a", OffsetDateTime.class) : spec.bind("a", answered);
        spec = answered == null ? spec.bindNull("agent", String.class) : spec.bind("agent", "a1");
        spec = ended == null ? spec.bindNull("e", OffsetDateTime.class) : spec.bind("e", ended);
        return spec.fetch().rowsUpdated();
    }

    private <T> T inTenant(TenantId owner, Mono<T> work) {
        TransactionalOperator tx = TransactionalOperator.create(new R2dbcTransactionManager(db.getConnectionFactory()));
        return Tenancy.runAs(TenantContext.of(owner), tx.transactional(work)).block(Duration.ofSeconds(20));
    }

    @BeforeEach
    void calls() {
        tenant = TenantId.of("rep-" + Uuids.v7().toString().substring(24));
        inTenant(
                tenant,
                Flux.concat(
                                record(tenant, "general", local(9, 0, 0), 10, 100, "ANSWERED", null),
                                record(tenant, "general", local(9, 5, 0), 15, 200, "ANSWERED", null),
                                record(tenant, "general", local(9, 10, 0), 18, 300, "ANSWERED", null),
                                record(tenant, "medical", local(9, 35, 0), 40, 400, "ANSWERED", null),
                                record(tenant, "general", local(9, 15, 0), null, null, "ABANDONED", 3),
                                record(tenant, "general", local(9, 20, 0), null, null, "ABANDONED", 30),
                                record(tenant, "general", local(9, 25, 0), null, null, "REJECTED", 0))
                        .then(db.sql("INSERT INTO acd_decision (tenant_id, fencing_token, kind, agent_id, detail, at)"
                                        + " VALUES (:t, 1, 'AgentStateChanged', 'a1', 'NOT_READY->READY', :a1),"
                                        + " (:t, 1, 'AgentStateChanged', 'a1', 'READY->TALKING', :a2),"
                                        + " (:t, 1, 'AgentStateChanged', 'a1', 'TALKING->AFTER_CALL_WORK', :a3),"
                                        + " (:t, 1, 'AgentStateChanged', 'a1', 'AFTER_CALL_WORK->NOT_READY(LUNCH)', :a4),"
                                        + " (:t, 1, 'AgentStateChanged', 'a1', 'NOT_READY->LOGGED_OUT', :a5)")
                                .bind("t", tenant.value())
                                .bind("a1", local(9, 0, 0))
                                .bind("a2", local(9, 10, 0))
                                .bind("a3", local(9, 15, 0))
                                .bind("a4", local(9, 16, 0))
                                .bind("a5", local(10, 0, 0))
                                .fetch()
                                .rowsUpdated()));
        // Another tenant's call on the same day must never show up.
        TenantId other = TenantId.of("rep-" + Uuids.v7().toString().substring(24));
        inTenant(other, record(other, "general", local(9, 1, 0), 1, 10, "ANSWERED", null));
    }

    private WebTestClient as(List<Role> roles) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(tenant.value(), roles, null))
                .build();
    }

    private JsonNode report(String query) {
        String body = as(List.of(Role.SUPERVISOR))
                .get()
                .uri("/tenants/" + tenant.value() + "/reports/calls?from=2026-11-20&to=2026-11-20" + query)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        return JSON.readTree(body);
    }

    @Test
    void aDayInTotalWithShortAbandonsLeftOut() {
        JsonNode report = report("");
        assertThat(report.get("formulas").get("serviceLevel").stringValue())
                .contains("T秒内接听")
                .contains("calls offered");
        JsonNode rows = report.get("rows");
        assertThat(rows).hasSize(1);
        JsonNode day = rows.get(0);
        assertThat(day.get("period").stringValue()).startsWith("2026-11-20T00:00");
        assertThat(day.get("offered").longValue()).isEqualTo(6); // 7 arrived, 1 short abandon left out
        assertThat(day.get("answered").longValue()).isEqualTo(4);
        assertThat(day.get("abandoned").longValue()).isEqualTo(1);
        assertThat(day.get("shortAbandoned").longValue()).isEqualTo(1);
        assertThat(day.get("rejected").longValue()).isEqualTo(1);
        assertThat(day.get("serviceLevel15").doubleValue()).isEqualTo(0.3333); // 10 s and 15 s of 6
        assertThat(day.get("serviceLevel20").doubleValue()).isEqualTo(0.5); // and 18 s
        assertThat(day.get("answerRate").doubleValue()).isEqualTo(0.6667);
        assertThat(day.get("abandonRate").doubleValue()).isEqualTo(0.1667);
        assertThat(day.get("asaSeconds").doubleValue()).isEqualTo(20.8); // (10 + 15 + 18 + 40) / 4
        assertThat(day.get("ahtSeconds").doubleValue()).isEqualTo(250.0);
        assertThat(day.get("maxWaitSeconds").doubleValue()).isEqualTo(40.0);
    }

    @Test
    void satisfactionComesFromThePostCallSurveyScoresOnTheRecords() {
        inTenant(
                tenant,
                db.sql("UPDATE call_record SET survey_score = CASE WHEN queued_at = :first THEN 5 ELSE 2 END"
                                + " WHERE queued_at IN (:first, :second)")
                        .bind("first", local(9, 0, 0))
                        .bind("second", local(9, 5, 0))
                        .fetch()
                        .rowsUpdated());

        JsonNode report = report("");
        JsonNode day = report.get("rows").get(0);

        assertThat(day.get("surveyed").longValue()).isEqualTo(2);
        assertThat(day.get("satisfied").longValue()).isEqualTo(1);
        assertThat(day.get("satisfactionRate").doubleValue()).isEqualTo(0.5);
        assertThat(day.get("averageScore").doubleValue()).isEqualTo(3.5);
        assertThat(report.get("formulas").get("satisfaction").stringValue()).contains("满意率");
        JsonNode groups = report("&by=GROUP").get("rows");
        assertThat(groups)
                .filteredOn(row -> "medical".equals(row.get("key").stringValue()))
                .singleElement()
                .satisfies(row -> {
                    assertThat(row.get("surveyed").longValue()).isZero();
                    assertThat(row.get("satisfactionRate").isNull()).isTrue();
                });
    }

    @Test
    void shortAbandonsCountedWhenTheTenantChoosesSo() {
        JsonNode day = report("&shortAbandons=INCLUDE").get("rows").get(0);
        assertThat(day.get("offered").longValue()).isEqualTo(7);
        assertThat(day.get("abandoned").longValue()).isEqualTo(2);
        assertThat(day.get("serviceLevel15").doubleValue()).isEqualTo(0.2857);
        // A threshold of 2 s makes the 3 s abandon a normal one.
        assertThat(report("&shortAbandonSeconds=2")
                        .get("rows")
                        .get(0)
                        .get("offered")
                        .longValue())
                .isEqualTo(7);
    }

    @Test
    void halfHoursInChinaTimeAndGroups() {
        JsonNode halfHours = report("&granularity=HALF_HOUR").get("rows");
        assertThat(halfHours).hasSize(2);
        assertThat(halfHours.get(0).get("period").stringValue()).startsWith("2026-11-20T09:00");
        assertThat(halfHours.get(1).get("period").stringValue()).startsWith("2026-11-20T09:30");
        assertThat(halfHours.get(1).get("answered").longValue()).isEqualTo(1);

        JsonNode groups = report("&by=GROUP").get("rows");
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).get("key").stringValue()).isEqualTo("general");
        assertThat(groups.get(0).get("answered").longValue()).isEqualTo(3);
        assertThat(groups.get(1).get("key").stringValue()).isEqualTo("medical");
        assertThat(groups.get(1).get("serviceLevel20").doubleValue()).isEqualTo(0.0);
    }

    @Test
    void theSameReportAsAnExcelWorkbook() throws Exception {
        byte[] xlsx = as(List.of(Role.TENANT_ADMIN))
                .get()
                .uri("/tenants/" + tenant.value() + "/reports/calls?from=2026-11-20&to=2026-11-20&format=xlsx")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType(ExcelReports.MEDIA_TYPE)
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Row day = book.getSheetAt(0).getRow(2);
            assertThat(day.getCell(2).getNumericCellValue()).isEqualTo(6.0);
            assertThat(day.getCell(9).getNumericCellValue()).isEqualTo(0.3333);
            assertThat(book.getSheetAt(0).getRow(4).getCell(0).getStringCellValue())
                    .contains("服务水平");
        }
    }

    private Mono<Long> task(
            TenantId owner, UUID call, String reason, OffsetDateTime arrived, @Nullable String outcome) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(
                        "INSERT INTO callback_task (tenant_id, id, call_id, reason, arrived_at, due_at, status,"
                                + " attempts, outcome, done_at) VALUES (:t, :id, :c, :r, :a, :a, :s, :n, :o, :d)")
                .bind("t", owner.value())
                .bind("id", UUID.randomUUID())
                .bind("c", call)
                .bind("r", reason)
                .bind("a", arrived)
                .bind("s", outcome == null ? "OPEN" : "DONE")
                .bind("n", outcome == null ? 0 : 2);
        spec = outcome == null
                ? spec.bindNull("o", String.class).bindNull("d", OffsetDateTime.class)
                : spec.bind("o", outcome).bind("d", arrived.plusHours(1));
        return spec.fetch().rowsUpdated();
    }

    @Test
    void everyMissedCallListedWithWhatTheCallbackListDidAboutIt() throws Exception {
        UUID longAbandon = inTenant(
                tenant,
                db.sql("SELECT call_id FROM call_record WHERE queued_at = :q")
                        .bind("q", local(9, 20, 0))
                        .map(row -> row.get("call_id", UUID.class))
                        .one());
        UUID voicemail = UUID.randomUUID();
        inTenant(
                tenant,
                task(tenant, longAbandon, "ABANDONED", local(9, 20, 0), "REACHED")
                        .then(task(tenant, voicemail, "VOICEMAIL", local(9, 40, 0), null)));
        TenantId other = TenantId.of("rep-" + Uuids.v7().toString().substring(24));
        inTenant(other, task(other, UUID.randomUUID(), "VOICEMAIL", local(9, 41, 0), null));

        String body = as(List.of(Role.SUPERVISOR))
                .get()
                .uri("/tenants/" + tenant.value() + "/reports/missed-calls?from=2026-11-20&to=2026-11-20")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        JsonNode rows = JSON.readTree(body).get("rows");
        assertThat(rows).hasSize(4);
        assertThat(rows.findValuesAsString("reason"))
                .containsExactly("ABANDONED", "ABANDONED", "QUEUE_FULL", "VOICEMAIL");
        assertThat(rows.get(0).get("arrivedAt").stringValue()).isEqualTo("2026-11-20T09:15:00");
        assertThat(rows.get(0).get("waitedSeconds").doubleValue()).isEqualTo(3.0);
        assertThat(rows.get(0).get("callbackStatus").isNull()).isTrue();
        assertThat(rows.get(1).get("callId").stringValue()).isEqualTo(longAbandon.toString());
        assertThat(rows.get(1).get("waitedSeconds").doubleValue()).isEqualTo(30.0);
        assertThat(rows.get(1).get("callbackOutcome").stringValue()).isEqualTo("REACHED");
        assertThat(rows.get(1).get("callbackAttempts").intValue()).isEqualTo(2);
        assertThat(rows.get(1).get("calledBackAt").stringValue()).isEqualTo("2026-11-20T10:20:00");
        assertThat(rows.get(3).get("callId").stringValue()).isEqualTo(voicemail.toString());
        assertThat(rows.get(3).get("skillGroup").isNull()).isTrue();
        assertThat(rows.get(3).get("callbackStatus").stringValue()).isEqualTo("OPEN");

        String callbacks = as(List.of(Role.TENANT_ADMIN))
                .get()
                .uri("/tenants/" + tenant.value() + "/reports/callbacks?from=2026-11-20&to=2026-11-20")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        JsonNode day = JSON.readTree(callbacks).get("rows").get(0);
        assertThat(day.get("voicemail").longValue()).isEqualTo(1);
        assertThat(day.get("reached").longValue()).isEqualTo(1);

        byte[] xlsx = as(List.of(Role.TENANT_ADMIN))
                .get()
                .uri("/tenants/" + tenant.value() + "/reports/missed-calls?from=2026-11-20&to=2026-11-20&format=xlsx")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            assertThat(book.getSheetAt(0).getLastRowNum()).isEqualTo(5);
            assertThat(book.getSheetAt(0).getRow(5).getCell(3).getStringCellValue())
                    .isEqualTo("VOICEMAIL");
        }
        as(List.of(Role.AGENT))
                .get()
                .uri("/tenants/" + tenant.value() + "/reports/missed-calls")
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void agentTimePerStateWithinTheDay() {
        String body = as(List.of(Role.SUPERVISOR))
                .get()
                .uri("/tenants/" + tenant.value() + "/reports/agent-states?from=2026-11-20&to=2026-11-20")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        JsonNode seconds = JSON.readTree(body).get("rows").get(0).get("seconds");
        assertThat(seconds.get("READY").longValue()).isEqualTo(600);
        assertThat(seconds.get("TALKING").longValue()).isEqualTo(300);
        assertThat(seconds.get("AFTER_CALL_WORK").longValue()).isEqualTo(60);
        assertThat(seconds.get("NOT_READY:LUNCH").longValue()).isEqualTo(44 * 60);
        assertThat(seconds.get("LOGGED_OUT").longValue()).isEqualTo(14 * 3600);
    }

    @Test
    void badQuestionsAndOtherRolesAreRefused() {
        as(List.of(Role.AGENT))
                .get()
                .uri("/tenants/" + tenant.value() + "/reports/calls")
                .exchange()
                .expectStatus()
                .isForbidden();
        for (String query : List.of(
                "granularity=HOURLY",
                "by=SEAT",
                "format=pdf",
                "from=2026-11-21&to=2026-11-20",
                "from=2026-01-01&to=2026-12-31&granularity=HALF_HOUR",
                "shortAbandonSeconds=999",
                "from=yesterday")) {
            as(List.of(Role.SUPERVISOR))
                    .get()
                    .uri("/tenants/" + tenant.value() + "/reports/calls?" + query)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("VALIDATION_FAILED");
        }
    }
}

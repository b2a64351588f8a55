package cn.hotline.workforce.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.kernel.events.CallEvent;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.workforce.testing.TenantEvents;
import cn.hotline.workforce.testing.WorkforceServiceTest;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** Scheduling through the HTTP API on the real servers; agents' states and call history arrive as call events. */
@WorkforceServiceTest
class SchedulingApiIT {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final LocalDate MON = LocalDate.of(2026, 11, 23);

    @LocalServerPort
    int port;

    WebTestClient http;

    @BeforeEach
    void connect() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60))
                .build();
    }

    static String token(String tenant, String subject, Role role) {
        return TestTokens.mint(c -> c.issuer(TestTokens.ISSUER_BASE + "/t/" + tenant)
                .subject(subject)
                .claim("tenant", tenant)
                .claim("roles", List.of(role.name())));
    }

    JsonNode call(HttpMethod method, String token, String uri, Object body, int status, Object... vars) {
        var spec = http.method(method).uri(uri, vars).headers(h -> h.setBearerAuth(token));
        var response = body == null ? spec.exchange() : spec.bodyValue(body).exchange();
        return response.expectStatus()
                .isEqualTo(status)
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    /** The week of MON as a 排班表: a1..a4, dates across, 休 for a day off. */
    static byte[] week(String[][] shifts) throws Exception {
        try (XSSFWorkbook book = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet("排班");
            Row header = sheet.createRow(0);
            header.createCell(0).setCellValue("坐席");
            for (int d = 0; d < 7; d++) {
                header.createCell(d + 1).setCellValue(MON.plusDays(d).toString());
            }
            for (int a = 0; a < shifts.length; a++) {
                Row row = sheet.createRow(a + 1);
                row.createCell(0).setCellValue("a" + (a + 1));
                for (int d = 0; d < shifts[a].length; d++) {
                    row.createCell(d + 1).setCellValue(shifts[a][d]);
                }
            }
            book.write(out);
            return out.toByteArray();
        }
    }

    /** A multipart upload built by hand (the client's own writer draws its boundary from SecureRandom on the loop). */
    WebTestClient.ResponseSpec upload(String token, String tenant, byte[] xlsx) throws Exception {
        String boundary = "roster-boundary-7d1f";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"roster.xlsx\"\r\n"
                        + "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.write(xlsx);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return http.post()
                .uri("/tenants/{t}/scheduling/roster/import", tenant)
                .headers(h -> h.setBearerAuth(token))
                .contentType(
                        org.springframework.http.MediaType.parseMediaType("multipart/form-data; boundary=" + boundary))
                .bodyValue(body.toByteArray())
                .exchange();
    }

    void shiftTypes(String boss, String t) {
        call(
                HttpMethod.PUT,
                boss,
                "/tenants/{t}/scheduling/shift-types/D",
                Map.of("name", "白班", "starts", "08:00", "ends", "17:00"),
                200,
                t);
        call(
                HttpMethod.PUT,
                boss,
                "/tenants/{t}/scheduling/shift-types/L",
                Map.of("name", "晚班", "starts", "14:00", "ends", "23:00"),
                200,
                t);
        call(
                HttpMethod.PUT,
                boss,
                "/tenants/{t}/scheduling/shift-types/N",
                Map.of("name", "夜班", "starts", "22:00", "ends", "08:00"),
                200,
                t);
    }

    @Test
    void aWeekImportedFromExcelIsViewedAndLeaveAndSwapsAreDecidedByTheRules() throws Exception {
        String t = new TenantEvents().tenant;
        String boss = token(t, "lead", Role.SUPERVISOR);
        assertThat(call(
                                HttpMethod.PUT,
                                boss,
                                "/tenants/{t}/scheduling/shift-types/X",
                                Map.of("name", "x", "starts", "08:15", "ends", "17:00"),
                                400,
                                t)
                        .path("code")
                        .asString())
                .isEqualTo("VALIDATION_FAILED");
        shiftTypes(boss, t);

        // a bad code anywhere refuses the whole workbook, nothing is stored
        JsonNode refused = upload(boss, t, week(new String[][] {{"D", "D", "Z"}}))
                .expectStatus()
                .isBadRequest()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(refused.path("detail").asString()).contains("'Z'");
        assertThat(call(HttpMethod.GET, boss, "/tenants/{t}/scheduling/days/{d}", null, 200, t, MON)
                        .path("shifts")
                        .size())
                .isZero();

        upload(boss, t, week(new String[][] {
                    {"D", "D", "D", "D", "D", "休", "休"},
                    {"D", "L", "D", "D", "D", "休", "休"},
                    {"L", "D", "L", "L", "L", "D", "D"},
                    {"休", "休", "N", "N", "N", "N", "N"}
                }))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.updated")
                .isEqualTo(28);

        JsonNode monday = call(HttpMethod.GET, boss, "/tenants/{t}/scheduling/days/{d}", null, 200, t, MON);
        assertThat(monday.path("shifts").size()).isEqualTo(3);
        assertThat(monday.path("staffing").get(16).asInt()).as("08:00").isEqualTo(2);
        assertThat(monday.path("staffing").get(28).asInt()).as("14:00").isEqualTo(3);
        assertThat(monday.path("halfHours").path("14:00").size()).isEqualTo(3);
        JsonNode thursday =
                call(HttpMethod.GET, boss, "/tenants/{t}/scheduling/days/{d}", null, 200, t, MON.plusDays(3));
        assertThat(thursday.path("staffing").get(0).asInt())
                .as("00:00 Thursday: a4's night shift of Wednesday")
                .isEqualTo(1);
        JsonNode mine = call(
                HttpMethod.GET,
                token(t, "a2", Role.AGENT),
                "/tenants/{t}/scheduling/agents/a2/shifts?from={f}&to={to}",
                null,
                200,
                t,
                MON,
                MON.plusDays(6));
        assertThat(mine.size()).isEqualTo(5);
        assertThat(mine.get(1).path("shift").asString()).isEqualTo("L");
        call(
                HttpMethod.GET,
                token(t, "a2", Role.AGENT),
                "/tenants/{t}/scheduling/agents/a1/shifts?from={f}&to={to}",
                null,
                403,
                t,
                MON,
                MON);
        JsonNode byAgent = call(
                HttpMethod.GET,
                boss,
                "/tenants/{t}/scheduling/roster?from={f}&to={to}",
                null,
                200,
                t,
                MON,
                MON.plusDays(6));
        assertThat(byAgent.path("a4").size()).isEqualTo(5);

        // the export is the grid the import takes: another tenant imports it and has the same week
        byte[] exported = http.get()
                .uri("/tenants/{t}/scheduling/roster.xlsx?from={f}&to={to}", t, MON, MON.plusDays(6))
                .headers(h -> h.setBearerAuth(boss))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        String copy = new TenantEvents().tenant;
        String copyBoss = token(copy, "lead", Role.SUPERVISOR);
        shiftTypes(copyBoss, copy);
        upload(copyBoss, copy, exported)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.updated")
                .isEqualTo(28);
        assertThat(call(
                        HttpMethod.GET,
                        copyBoss,
                        "/tenants/{t}/scheduling/roster?from={f}&to={to}",
                        null,
                        200,
                        copy,
                        MON,
                        MON.plusDays(6)))
                .isEqualTo(byAgent);

        call(HttpMethod.PUT, boss, "/tenants/{t}/scheduling/rules", Map.of("minStaff", 2, "minRestHours", 11), 200, t);

        // Monday 08:00 has a1 and a2 only: a1's leave would leave one
        String a1 = token(t, "a1", Role.AGENT);
        String leave = call(
                        HttpMethod.POST,
                        a1,
                        "/tenants/{t}/scheduling/requests",
                        Map.of("kind", "LEAVE", "day", MON.toString(), "reason", "看病"),
                        201,
                        t)
                .path("id")
                .asString();
        JsonNode conflict =
                call(HttpMethod.POST, boss, "/tenants/{t}/scheduling/requests/{id}/approve", null, 409, t, leave);
        assertThat(conflict.path("code").asString()).isEqualTo("CONFLICT");
        assertThat(conflict.path("rule").asString()).isEqualTo("min-staffing");
        assertThat(call(HttpMethod.GET, boss, "/tenants/{t}/scheduling/days/{d}", null, 200, t, MON)
                        .path("shifts")
                        .size())
                .as("a refused approval changes nothing")
                .isEqualTo(3);
        call(
                HttpMethod.POST,
                boss,
                "/tenants/{t}/scheduling/requests/{id}/reject",
                Map.of("note", "人手不足"),
                200,
                t,
                leave);
        call(HttpMethod.POST, boss, "/tenants/{t}/scheduling/requests/{id}/approve", null, 409, t, leave);

        // with a minimum of 1, the leave goes through and the day loses a1
        call(HttpMethod.PUT, boss, "/tenants/{t}/scheduling/rules", Map.of("minStaff", 1, "minRestHours", 11), 200, t);
        String leave2 = call(
                        HttpMethod.POST,
                        a1,
                        "/tenants/{t}/scheduling/requests",
                        Map.of("kind", "LEAVE", "day", MON.toString()),
                        201,
                        t)
                .path("id")
                .asString();
        assertThat(call(HttpMethod.POST, boss, "/tenants/{t}/scheduling/requests/{id}/approve", null, 200, t, leave2)
                        .path("status")
                        .asString())
                .isEqualTo("APPROVED");
        JsonNode after = call(HttpMethod.GET, boss, "/tenants/{t}/scheduling/days/{d}", null, 200, t, MON);
        assertThat(after.path("staffing").get(16).asInt()).isEqualTo(1);
        call(
                HttpMethod.POST,
                a1,
                "/tenants/{t}/scheduling/requests",
                Map.of("kind", "LEAVE", "day", MON.toString()),
                400,
                t);

        String swap = call(
                        HttpMethod.POST,
                        token(t, "a1", Role.AGENT),
                        "/tenants/{t}/scheduling/requests",
                        Map.of(
                                "kind",
                                "SWAP",
                                "otherAgent",
                                "a4",
                                "day",
                                MON.plusDays(2).toString()),
                        201,
                        t)
                .path("id")
                .asString();
        // a1 (D on Wednesday) ↔ a4 (N on Wednesday): a1 would work the night until 08:00 Thursday and start the day
        // shift at 08:00: no rest at all
        JsonNode rest =
                call(HttpMethod.POST, boss, "/tenants/{t}/scheduling/requests/{id}/approve", null, 409, t, swap);
        assertThat(rest.path("rule").asString()).isEqualTo("min-rest");
        String offDay = call(
                        HttpMethod.POST,
                        boss,
                        "/tenants/{t}/scheduling/requests",
                        Map.of(
                                "kind",
                                "SWAP",
                                "agent",
                                "a1",
                                "otherAgent",
                                "a3",
                                "day",
                                MON.plusDays(6).toString()),
                        400,
                        t)
                .path("field")
                .asString();
        assertThat(offDay).as("a1 is off on Sunday: nothing to swap").isEqualTo("day");
        String sundaySwap = call(
                        HttpMethod.POST,
                        boss,
                        "/tenants/{t}/scheduling/requests",
                        Map.of(
                                "kind",
                                "SWAP",
                                "agent",
                                "a3",
                                "otherAgent",
                                "a1",
                                "day",
                                MON.plusDays(6).toString()),
                        201,
                        t)
                .path("id")
                .asString();
        call(HttpMethod.POST, boss, "/tenants/{t}/scheduling/requests/{id}/approve", null, 200, t, sundaySwap);
        JsonNode sunday = call(HttpMethod.GET, boss, "/tenants/{t}/scheduling/days/{d}", null, 200, t, MON.plusDays(6));
        List<String> working = new ArrayList<>();
        sunday.path("shifts").forEach(s -> working.add(s.path("agent").asString()));
        assertThat(working).contains("a1").doesNotContain("a3");

        String other = new TenantEvents().tenant;
        call(
                HttpMethod.GET,
                token(other, "lead", Role.SUPERVISOR),
                "/tenants/{t}/scheduling/days/{d}",
                null,
                404,
                t,
                MON);
        assertThat(call(
                                HttpMethod.GET,
                                token(other, "lead", Role.SUPERVISOR),
                                "/tenants/{t}/scheduling/days/{d}",
                                null,
                                200,
                                other,
                                MON)
                        .path("shifts")
                        .size())
                .isZero();
    }

    @Test
    void adherenceAndTheForecastComeFromTheTenantsOwnEvents() throws Exception {
        TenantEvents events = new TenantEvents().provision();
        String t = events.tenant;
        String boss = token(t, "lead", Role.SUPERVISOR);
        shiftTypes(boss, t);
        call(
                HttpMethod.PUT,
                boss,
                "/tenants/{t}/scheduling/roster",
                Map.of(
                        "entries",
                        List.of(
                                Map.of("agent", "a1", "day", MON.toString(), "shift", "D"),
                                Map.of("agent", "a2", "day", MON.toString(), "shift", "D"),
                                Map.of("agent", "a3", "day", MON.toString(), "shift", "L"))),
                200,
                t);
        call(
                HttpMethod.PUT,
                boss,
                "/tenants/{t}/scheduling/roster",
                Map.of("entries", List.of(Map.of("agent", "a1", "day", MON.toString(), "shift", "Q"))),
                400,
                t);

        AtomicLong seq = new AtomicLong();
        List<CallEvent> history = new ArrayList<>();
        Instant eight = MON.atTime(8, 0).atZone(ZONE).toInstant();
        // a1: logs in at 08:10, not ready 10:00-10:30, logs out at 16:20 → 460 of 540 minutes working
        history.add(new CallEvent.AgentStateChanged(
                seq.incrementAndGet(), "a1", "LOGGED_OUT", "READY", null, eight.plusSeconds(600)));
        history.add(new CallEvent.AgentStateChanged(
                seq.incrementAndGet(), "a1", "READY", "NOT_READY", "休息", eight.plusSeconds(7200)));
        history.add(new CallEvent.AgentStateChanged(
                seq.incrementAndGet(), "a1", "NOT_READY", "READY", null, eight.plusSeconds(9000)));
        history.add(new CallEvent.AgentStateChanged(
                seq.incrementAndGet(), "a1", "READY", "LOGGED_OUT", null, eight.plusSeconds(30000)));
        // the four Mondays before: 100 calls between 10:00 and 10:30, 180 s each → 10 erlangs
        for (int week = 1; week <= 4; week++) {
            Instant ten = MON.minusWeeks(week).atTime(10, 0).atZone(ZONE).toInstant();
            for (int i = 0; i < 100; i++) {
                CallId c = CallId.random();
                Instant arrived = ten.plusSeconds(i * 17L);
                history.add(new CallEvent.CallArrived(seq.incrementAndGet(), c, "general", 0, arrived));
                history.add(new CallEvent.CallAnswered(seq.incrementAndGet(), c, "a9", arrived.plusSeconds(5)));
                history.add(new CallEvent.CallEnded(seq.incrementAndGet(), c, "a9", arrived.plusSeconds(185)));
            }
        }
        // a Tuesday's calls do not count for a Monday
        CallId tuesday = CallId.random();
        history.add(new CallEvent.CallArrived(
                seq.incrementAndGet(),
                tuesday,
                "general",
                0,
                MON.minusDays(6).atTime(10, 5).atZone(ZONE).toInstant()));
        events.calls(history);
        // at least once: the same events again (same envelope ids) change nothing
        events.calls(history);

        // folded when the four Mondays' 400 calls are in; a bound, not a timing: on a busy machine the shared
        // consumer may still be catching up with the topics of every earlier test's tenant
        JsonNode forecast = null;
        for (int i = 0; i < 360; i++) {
            forecast = call(
                    HttpMethod.GET,
                    boss,
                    "/tenants/{t}/scheduling/forecast?day={d}&weeks=4&serviceLevel=0.8&targetSeconds=20",
                    null,
                    200,
                    t,
                    MON);
            if (forecast.path("halfHours").get(20).path("expectedCalls").asDouble() >= 100 && i > 0) {
                break;
            }
            Thread.sleep(500);
        }
        JsonNode ten = forecast.path("halfHours").get(20);
        assertThat(ten.path("at").asString()).isEqualTo("10:00");
        assertThat(ten.path("expectedCalls").asDouble())
                .as(() -> "the four Mondays' calls folded; " + events.callTopicState("workforce-service"))
                .isEqualTo(100.0);
        assertThat(ten.path("ahtSeconds").asDouble()).isEqualTo(180.0);
        assertThat(ten.path("erlangs").asDouble()).isEqualTo(10.0);
        assertThat(ten.path("requiredAgents").asInt())
                .as("Erlang C, 80 % in 20 s")
                .isEqualTo(14);
        assertThat(ten.path("rosteredAgents").asInt()).isEqualTo(2);
        assertThat(ten.path("shortfall").asInt()).isEqualTo(12);
        assertThat(ten.path("serviceLevelAsRostered").asDouble()).isZero();
        assertThat(forecast.path("halfHours").get(21).path("requiredAgents").asInt())
                .isZero();
        assertThat(forecast.path("shortHalfHours").asInt()).isEqualTo(1);
        call(HttpMethod.GET, boss, "/tenants/{t}/scheduling/forecast?day={d}&serviceLevel=80", null, 400, t, MON);
        // 接通率 99 % before callers give up after 30 s needs more agents than 80/20 does
        JsonNode strict = call(
                HttpMethod.GET,
                boss,
                "/tenants/{t}/scheduling/forecast?day={d}&answerRate=0.99&patienceSeconds=30",
                null,
                200,
                t,
                MON);
        assertThat(strict.path("halfHours").get(20).path("requiredAgents").asInt())
                .isEqualTo(ErlangC.agentsFor(10, 180, 30, 0.99))
                .isGreaterThan(14);

        JsonNode adherence = call(HttpMethod.GET, boss, "/tenants/{t}/scheduling/adherence?day={d}", null, 200, t, MON);
        JsonNode a1 = null;
        JsonNode a2 = null;
        for (JsonNode a : adherence) {
            if (a.path("agent").asString().equals("a1")) {
                a1 = a;
            }
            if (a.path("agent").asString().equals("a2")) {
                a2 = a;
            }
        }
        assertThat(a1.path("scheduledMinutes").asInt()).isEqualTo(540);
        assertThat(a1.path("workingMinutes").asInt())
                .as("08:10-10:00 and 10:30-16:20")
                .isEqualTo(110 + 350);
        assertThat(a1.path("notReadyMinutes").asInt()).isEqualTo(30);
        assertThat(a1.path("loggedOutMinutes").asInt()).isEqualTo(10 + 40);
        assertThat(a2.path("workingMinutes").asInt()).as("a2 never logged in").isZero();
        assertThat(a2.path("adherence").asDouble()).isZero();
    }
}

package cn.hotline.ticket.report;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.ticket.testing.TestClock;
import cn.hotline.ticket.testing.TicketServiceTest;
import cn.hotline.ticket.testing.Tickets;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

@TicketServiceTest
class TicketReportIT {

    @LocalServerPort
    int port;

    @Autowired
    TestClock clock;

    WebTestClient http;

    @BeforeEach
    void connect() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60))
                .build();
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    static Instant at(int day, int hour, int minute) {
        return ZonedDateTime.of(2026, 11, day, hour, minute, 0, 0, ZoneId.of("Asia/Shanghai"))
                .toInstant();
    }

    @Test
    void kpisCountTimelySignForDispatchDirectAnswersSatisfactionReturnsAndOverdueAndExportToExcel() throws Exception {
        Tickets t = new Tickets(http);
        String jtj = t.unitUser("qingxiu-jtj");
        clock.set(at(2, 9, 0));
        Map<String, Object> consultation = new HashMap<>(Tickets.newTicket("13800000001", false));
        consultation.put("kind", "CONSULTATION");
        consultation.put("category", "gov.service");
        String direct = t.create(t.clerk, consultation).get("id").asString();
        String handled = t.open();
        String late = t.open();

        clock.set(at(2, 9, 10));
        t.ok(t.agent, direct, "answer", Map.of("text", "办事指南已告知"));
        t.ok(t.agent, direct, "callback", Map.of("satisfaction", "SATISFIED", "text", "满意"));
        clock.set(at(2, 9, 20));
        t.ok(t.clerk, handled, "dispatch", Map.of("unit", "qingxiu-jtj", "text", "交办"));
        t.ok(t.clerk, late, "dispatch", Map.of("unit", "qingxiu-jtj", "text", "交办"));
        clock.set(at(2, 9, 30));
        t.ok(jtj, handled, "sign-for", Map.of());
        t.ok(jtj, handled, "reply", Map.of("text", "已处理"));
        t.ok(t.clerk, handled, "result-review", Map.of("approved", true, "text", "通过"));
        t.ok(t.agent, handled, "callback", Map.of("satisfaction", "DISSATISFIED", "text", "不满意"));
        clock.set(at(3, 10, 0));
        t.ok(jtj, late, "sign-for", Map.of());
        t.ok(jtj, late, "return", Map.of("text", "非本单位职责"));
        t.ok(t.clerk, late, "return-review", Map.of("approved", true, "text", "同意退回"));

        JsonNode report = t.get(
                        t.clerk, "/tenants/{t}/reports/tickets?from=2026-11-02&to=2026-11-02&groupBy=unit", t.tenant)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        JsonNode total = report.get("total");
        assertThat(total.get("tickets").asInt()).isEqualTo(3);
        assertThat(total.get("timelySignForRate").asDouble()).isEqualTo(0.5);
        assertThat(total.get("timelyDispatchRate").asDouble()).isEqualTo(1.0);
        assertThat(total.get("directAnswerRate").asDouble()).isEqualTo(1.0);
        assertThat(total.get("onTimeClosingRate").asDouble()).isEqualTo(1.0);
        assertThat(total.get("satisfaction").asDouble()).isEqualTo(0.5);
        assertThat(total.get("participation").asDouble()).isEqualTo(1.0);
        assertThat(total.get("returns").asInt()).isEqualTo(1);
        assertThat(total.get("overdue").asInt()).isEqualTo(1);
        assertThat(report.get("groups")).hasSize(1);
        assertThat(report.get("groups").get(0).get("group").asString()).isEqualTo("(centre)");
        assertThat(report.get("hotTopics").get(0).get("category").asString()).isEqualTo("env.noise");
        assertThat(report.get("hotTopics").get(0).get("tickets").asInt()).isEqualTo(2);

        byte[] xlsx = t.get(t.clerk, "/tenants/{t}/reports/tickets.xlsx?from=2026-11-02&to=2026-11-02", t.tenant)
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType(ReportController.XLSX)
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = book.getSheet("工单指标");
            assertThat(sheet.getRow(0).getCell(2).getStringCellValue()).isEqualTo("及时签收率");
            assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).isEqualTo("2026-11-02");
            assertThat(sheet.getRow(1).getCell(1).getNumericCellValue()).isEqualTo(3.0);
            assertThat(sheet.getRow(1).getCell(2).getNumericCellValue()).isEqualTo(0.5);
        }

        JsonNode scores = t.get(t.clerk, "/tenants/{t}/reports/unit-scores?from=2026-11-02&to=2026-11-02", t.tenant)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        // qingxiu-jtj: one ticket still its own (the other was returned): closing met on time (20), callback
        // dissatisfied (satisfaction 0, resolution 0), its one reply passed review (15).
        assertThat(scores).hasSize(1);
        JsonNode jtjScore = scores.get(0);
        assertThat(jtjScore.get("unit").asString()).isEqualTo("qingxiu-jtj");
        assertThat(jtjScore.get("tickets").asInt()).isEqualTo(1);
        assertThat(jtjScore.get("onTime").asDouble()).isEqualTo(20.0);
        assertThat(jtjScore.get("satisfied").asDouble()).isEqualTo(0.0);
        assertThat(jtjScore.get("resolved").asDouble()).isEqualTo(0.0);
        assertThat(jtjScore.get("reviewPassed").asDouble()).isEqualTo(15.0);
        assertThat(jtjScore.get("scored").asDouble()).isEqualTo(35.0);

        t.get(t.clerk, "/tenants/{t}/reports/tickets?from=2026-11-05&to=2026-11-02", t.tenant)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.field")
                .isEqualTo("to");
    }
}

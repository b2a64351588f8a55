package cn.hotline.ticket.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.ticket.testing.TicketServiceTest;
import cn.hotline.ticket.testing.Tickets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

@TicketServiceTest
class DispatchSuggestionIT {

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

    private String ticket(Tickets t, String category, String content) {
        Map<String, Object> body = new HashMap<>(Tickets.newTicket("13800000000", false));
        body.put("category", category);
        body.put("content", content);
        return t.create(t.clerk, body).get("id").asString();
    }

    private void handled(Tickets t, String id, String unit) {
        String user = t.unitUser(unit);
        t.ok(t.clerk, id, "dispatch", Map.of("unit", unit, "text", "交办"));
        t.ok(user, id, "sign-for", Map.of());
        t.ok(user, id, "reply", Map.of("text", "已处理"));
        t.ok(t.clerk, id, "result-review", Map.of("approved", true, "text", "通过"));
    }

    @Test
    void suggestsTheUnitThatHandledSimilarTicketsAndReportsHeldOutAccuracy() {
        Tickets t = new Tickets(http);
        String[] roads = {"路灯不亮", "路面塌陷", "井盖缺失", "路灯闪烁", "道路积水"};
        String[] noise = {"夜间施工噪音", "广场舞噪音", "工地夜间施工", "酒吧噪音", "装修噪音"};
        for (int i = 0; i < 10; i++) {
            handled(t, ticket(t, "urban.road", roads[i % 5] + "请处理"), "qingxiu-jtj");
            handled(t, ticket(t, "env.noise", noise[i % 5] + "扰民"), "qingxiu-cgj");
        }
        String fresh = ticket(t, "urban.road", "小区门口路灯坏了");

        JsonNode suggested = t.get(t.clerk, "/tenants/{t}/tickets/{id}/suggested-units", t.tenant, fresh)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(suggested.get("units").get(0).get("unit").asString()).isEqualTo("qingxiu-jtj");
        assertThat(suggested.get("learntFrom").asInt()).isEqualTo(20);

        JsonNode model = t.get(t.clerk, "/tenants/{t}/dispatch-model", t.tenant)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(model.get("trainedOn").asInt()).isEqualTo(16);
        assertThat(model.get("heldOut").asInt()).isEqualTo(4);
        assertThat(model.get("top1").asDouble()).isGreaterThanOrEqualTo(0.75);

        t.get(t.unitUser("qingxiu-jtj"), "/tenants/{t}/dispatch-model", t.tenant)
                .expectStatus()
                .isForbidden();
    }
}

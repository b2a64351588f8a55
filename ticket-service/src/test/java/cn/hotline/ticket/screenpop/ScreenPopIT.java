package cn.hotline.ticket.screenpop;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.ticket.testing.TicketServiceTest;
import cn.hotline.ticket.testing.Tickets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

@TicketServiceTest
class ScreenPopIT {

    @LocalServerPort
    int port;

    WebTestClient http;

    @BeforeEach
    void connect() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    private JsonNode pop(Tickets t, String number, String category) {
        return http.get()
                .uri(b -> b.path("/tenants/{t}/screen-pop")
                        .queryParam("number", number)
                        .queryParam("category", category)
                        .build(t.tenant))
                .headers(h -> h.setBearerAuth(t.agent))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void findsTheCallersTicketsByAnySpellingOfTheNumberWithLinkedCallsAndADuplicateHint() {
        Tickets t = new Tickets(http);
        String closed = t.create(t.clerk, Tickets.newTicket("13700001111", false))
                .get("id")
                .asString();
        t.ok(t.agent, closed, "answer", Map.of("text", "已答复"));
        t.ok(t.clerk, closed, "close", Map.of("text", "办结"));
        String open = t.create(t.clerk, Tickets.newTicket("+86 137-0000-1111", false))
                .get("id")
                .asString();
        String call = "0190a000-0000-7000-8000-0000000000c1";
        t.ok(t.agent, open, "calls", Map.of("call", call));
        t.create(t.clerk, Tickets.newTicket("13700002222", false));

        JsonNode answer = pop(t, "0086 13700001111", "env.noise");
        assertThat(answer.get("total").asInt()).isEqualTo(2);
        assertThat(answer.get("tickets").get(0).get("id").asString()).isEqualTo(open);
        assertThat(answer.get("tickets").get(1).get("id").asString()).isEqualTo(closed);
        assertThat(answer.get("calls").get(0).asString()).isEqualTo(call);
        assertThat(answer.get("duplicate").get("ticket").asString()).isEqualTo(open);
        assertThat(answer.get("duplicate").get("reason").asString()).contains("same caller and category");
    }

    @Test
    void noHintWhenTheCallersTicketsAreFinishedAndNothingFromAnotherTenant() {
        Tickets a = new Tickets(http);
        Tickets b = new Tickets(http);
        String done = a.create(a.clerk, Tickets.newTicket("13600003333", false))
                .get("id")
                .asString();
        a.ok(a.agent, done, "answer", Map.of("text", "已答复"));
        a.ok(a.clerk, done, "close", Map.of("text", "办结"));
        b.create(b.clerk, Tickets.newTicket("13600003333", false));

        JsonNode answer = pop(a, "13600003333", "env.noise");
        assertThat(answer.get("total").asInt()).isEqualTo(1);
        assertThat(answer.get("duplicate").isNull()).isTrue();
    }

    @Test
    void aNumberThatIsNoNumberIsAProblemNamingTheField() {
        Tickets t = new Tickets(http);
        http.get()
                .uri("/tenants/{t}/screen-pop?number=abc", t.tenant)
                .headers(h -> h.setBearerAuth(t.agent))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.field")
                .isEqualTo("number");
    }
}

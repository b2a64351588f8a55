package cn.hotline.ticket.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.ticket.testing.TicketServiceTest;
import cn.hotline.ticket.testing.Tickets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** Citing a knowledge-base entry in a ticket: the citation text lands in the ticket's ledger and counts for the entry. */
@TicketServiceTest
class TicketCitationIT {

    @LocalServerPort
    int port;

    WebTestClient http;

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    private JsonNode post(String token, String uri, Object body, int status) {
        return http.post()
                .uri(uri)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void aCitedEntryIsInTheTicketsLedgerAndInTheEntrysCitations() {
        Tickets t = new Tickets(http);
        String author = TestTokens.user(t.tenant, Role.SUPERVISOR);
        String reviewer = TestTokens.user(t.tenant, Role.TENANT_ADMIN);
        String entry = post(
                        author,
                        "/tenants/" + t.tenant + "/knowledge/entries",
                        Map.of(
                                "title", "社保卡挂失补办",
                                "body", "社保卡丢失后可拨打12333或登录国家社会保险公共服务平台办理挂失，再到服务网点补办。",
                                "category", "社保/社保卡",
                                "tags", List.of("社保卡")),
                        201)
                .get("id")
                .asString();
        post(author, "/tenants/" + t.tenant + "/knowledge/entries/" + entry + "/submit", Map.of(), 200);
        post(reviewer, "/tenants/" + t.tenant + "/knowledge/entries/" + entry + "/approve", Map.of(), 200);
        String ticket = t.open();

        post(t.clerk, "/tenants/" + t.tenant + "/tickets/" + ticket + "/citations", Map.of("entryId", entry), 200);

        JsonNode ledger = t.get(t.clerk, "/tenants/{t}/tickets/{id}/ledger", t.tenant, ticket)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(ledger.toString()).contains("NoteAdded").contains("社保卡挂失补办").contains("知识库");
        JsonNode cited = t.get(t.clerk, "/tenants/{t}/knowledge/tickets/{ticket}/citations", t.tenant, ticket)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(cited).hasSize(1);
        assertThat(cited.get(0).get("entryId").asString()).isEqualTo(entry);
    }

    @Test
    void anUnknownEntryChangesNothing() {
        Tickets t = new Tickets(http);
        String ticket = t.open();
        post(
                t.clerk,
                "/tenants/" + t.tenant + "/tickets/" + ticket + "/citations",
                Map.of("entryId", java.util.UUID.randomUUID().toString()),
                404);
        post(t.clerk, "/tenants/" + t.tenant + "/tickets/" + ticket + "/citations", Map.of("entryId", "nope"), 400);
        JsonNode ledger = t.get(t.clerk, "/tenants/{t}/tickets/{id}/ledger", t.tenant, ticket)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(ledger.toString()).doesNotContain("NoteAdded");
    }
}

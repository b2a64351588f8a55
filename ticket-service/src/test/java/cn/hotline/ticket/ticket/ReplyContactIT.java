package cn.hotline.ticket.ticket;

import cn.hotline.kernel.security.InternalToken;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.ticket.testing.TicketServiceTest;
import cn.hotline.ticket.testing.Tickets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The internal read workforce-service's reply-result SMS uses: the citizen's mobile number, and nothing else. */
@TicketServiceTest
class ReplyContactIT {

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

    private WebTestClient.ResponseSpec contact(String tenant, String ticket, String token) {
        return http.get()
                .uri("/internal/tenants/{t}/tickets/{id}/reply-contact", tenant, ticket)
                .header(InternalToken.HEADER, token)
                .exchange();
    }

    @Test
    void answersTheCitizensMobileNumberToTheInternalCallerOnly() {
        Tickets t = new Tickets(http);
        String ticket = t.open();

        contact(t.tenant, ticket, TestTokens.internalToken())
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.phone")
                .isEqualTo("13800138000")
                .jsonPath("$.smsConsent")
                .isEqualTo(true);
        contact(t.tenant, ticket, "not-the-token").expectStatus().isUnauthorized();
    }

    @Test
    void anotherTenantsTicketALandlineAndNonsenseAreNotFound() {
        Tickets t = new Tickets(http);
        String ticket = t.open();
        String landline = t.create(t.clerk, Tickets.newTicket("0771-5551234", false))
                .get("id")
                .asString();

        contact(Tickets.freshTenant(), ticket, TestTokens.internalToken())
                .expectStatus()
                .isNotFound();
        contact(t.tenant, landline, TestTokens.internalToken())
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("NOT_FOUND");
        contact(t.tenant, "not-a-uuid", TestTokens.internalToken())
                .expectStatus()
                .isNotFound();
    }
}

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
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** A unit sees only tickets dispatched to it; a tenant never sees another tenant's tickets. */
@TicketServiceTest
class TicketIsolationIT {

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

    @Test
    void aUnitSeesAndActsOnlyOnTicketsDispatchedToIt() {
        Tickets t = new Tickets(http);
        String mine = t.open();
        String other = t.open();
        t.ok(t.clerk, mine, "dispatch", Map.of("unit", "qingxiu-jtj", "text", "交办"));
        t.ok(t.clerk, other, "dispatch", Map.of("unit", "city-hrss", "text", "交办"));
        String jtj = t.unitUser("qingxiu-jtj");

        JsonNode list = t.get(jtj, "/tenants/{t}/tickets", t.tenant)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("id").asString()).isEqualTo(mine);

        t.get(jtj, "/tenants/{t}/tickets/{id}", t.tenant, other).expectStatus().isNotFound();
        t.get(jtj, "/tenants/{t}/tickets/{id}/ledger", t.tenant, other)
                .expectStatus()
                .isNotFound();
        t.step(jtj, other, "sign-for", Map.of()).expectStatus().isNotFound();
        t.step(jtj, other, "notes", Map.of("text", "偷看")).expectStatus().isNotFound();
        t.get(t.clerk, "/tenants/{t}/tickets/{id}", t.tenant, other)
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(2)
                .jsonPath("$.status")
                .isEqualTo("DISPATCHED");
    }

    @Test
    void aUnitCannotDoTheCentresStepsNorAnotherUnitsSignFor() {
        Tickets t = new Tickets(http);
        String id = t.open();
        t.ok(t.clerk, id, "dispatch", Map.of("unit", "qingxiu-jtj", "coUnits", List.of("qingxiu-cgj"), "text", "交办"));
        String cgj = t.unitUser("qingxiu-cgj");
        t.step(cgj, id, "sign-for", Map.of()).expectStatus().isForbidden();
        t.step(cgj, id, "close", Map.of("text", "办结")).expectStatus().isForbidden();
        t.step(t.clerk, id, "sign-for", Map.of()).expectStatus().isForbidden();
        t.step(t.agent, id, "dispatch", Map.of("unit", "city-hrss", "text", "x"))
                .expectStatus()
                .isForbidden();
        t.ok(cgj, id, "notes", Map.of("text", "协办意见"));
    }

    @Test
    void unitsNeverSeeTheCitizenOfAConfidentialTicketAndSeeOthersMasked() {
        Tickets t = new Tickets(http);
        String secret = t.create(t.clerk, Tickets.newTicket("13912345678", true))
                .get("id")
                .asString();
        String plain = t.create(t.clerk, Tickets.newTicket("13912345678", false))
                .get("id")
                .asString();
        for (String id : List.of(secret, plain)) {
            t.ok(t.clerk, id, "dispatch", Map.of("unit", "qingxiu-jtj", "text", "交办"));
        }
        String jtj = t.unitUser("qingxiu-jtj");
        t.get(jtj, "/tenants/{t}/tickets/{id}", t.tenant, secret)
                .expectBody()
                .jsonPath("$.citizen")
                .doesNotExist();
        t.get(jtj, "/tenants/{t}/tickets/{id}", t.tenant, plain)
                .expectBody()
                .jsonPath("$.citizen.phone")
                .isEqualTo("139****5678");
        t.get(t.clerk, "/tenants/{t}/tickets/{id}", t.tenant, secret)
                .expectBody()
                .jsonPath("$.citizen.phone")
                .isEqualTo("13912345678");
    }

    @Test
    void anotherTenantNeverReachesATicket() {
        Tickets a = new Tickets(http);
        Tickets b = new Tickets(http);
        String id = a.open();
        // b's clerk on a's path: the path's tenant is not theirs
        b.get(b.clerk, "/tenants/{t}/tickets/{id}", a.tenant, id).expectStatus().isNotFound();
        // b's clerk on b's own path with a's ticket id: row-level security finds nothing
        b.get(b.clerk, "/tenants/{t}/tickets/{id}", b.tenant, id).expectStatus().isNotFound();
        b.step(b.clerk, id, "answer", Map.of("text", "x")).expectStatus().isNotFound();
        b.get(b.clerk, "/tenants/{t}/tickets", b.tenant)
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(0);
        a.get(TestTokens.operator(), "/tenants/{t}/tickets/{id}", a.tenant, id)
                .expectStatus()
                .isNotFound();
        a.get(TestTokens.user(a.tenant, Role.CITY_PLATFORM), "/tenants/{t}/tickets/{id}", a.tenant, id)
                .expectStatus()
                .isForbidden();
    }
}

package cn.hotline.ticket.category;

import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.ticket.testing.TicketServiceTest;
import cn.hotline.ticket.testing.Tickets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

@TicketServiceTest
class CategoryIT {

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
    void aTenantStartsWithTheDefaultTreeAndEditsItOnlyForItself() {
        Tickets a = new Tickets(http);
        Tickets b = new Tickets(http);
        String admin = TestTokens.user(a.tenant, Role.TENANT_ADMIN);
        a.get(a.clerk, "/tenants/{t}/ticket-categories", a.tenant)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.code == 'mi.reimbursement')].name")
                .isEqualTo("医保报销");

        http.post()
                .uri("/tenants/{t}/ticket-categories", a.tenant)
                .headers(h -> h.setBearerAuth(admin))
                .bodyValue(Map.of("code", "env.light", "parentCode", "env", "name", "光污染"))
                .exchange()
                .expectStatus()
                .isCreated();
        http.post()
                .uri("/tenants/{t}/ticket-categories", a.tenant)
                .headers(h -> h.setBearerAuth(admin))
                .bodyValue(Map.of("code", "x.y", "parentCode", "no-such", "name", "孤儿"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.field")
                .isEqualTo("parentCode");
        http.post()
                .uri("/tenants/{t}/ticket-categories", a.tenant)
                .headers(h -> h.setBearerAuth(a.clerk))
                .bodyValue(Map.of("code", "env.dust", "parentCode", "env", "name", "扬尘"))
                .exchange()
                .expectStatus()
                .isForbidden();

        Map<String, Object> light = new HashMap<>(Tickets.newTicket("13800138000", false));
        light.put("category", "env.light");
        a.create(a.clerk, light);
        http.post()
                .uri("/tenants/{t}/tickets", b.tenant)
                .headers(h -> h.setBearerAuth(b.clerk))
                .bodyValue(light)
                .exchange()
                .expectStatus()
                .isBadRequest();

        http.put()
                .uri("/tenants/{t}/ticket-categories/env.light", a.tenant)
                .headers(h -> h.setBearerAuth(admin))
                .bodyValue(Map.of("name", "光污染", "active", false))
                .exchange()
                .expectStatus()
                .isOk();
        http.post()
                .uri("/tenants/{t}/tickets", a.tenant)
                .headers(h -> h.setBearerAuth(a.clerk))
                .bodyValue(light)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.field")
                .isEqualTo("category");
    }
}

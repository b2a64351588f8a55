package cn.hotline.ticket.sla;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.ticket.testing.TestClock;
import cn.hotline.ticket.testing.TicketServiceTest;
import cn.hotline.ticket.testing.Tickets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/** Time limits on the tenant's calendar (with the 2026 National Day holidays), and the warning scan. */
@TicketServiceTest
class SlaIT {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @LocalServerPort
    int port;

    @Autowired
    TestClock clock;

    @Autowired
    SlaScan scan;

    @Autowired
    LockProvider locks;

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

    static Instant at(int month, int day, int hour, int minute) {
        return ZonedDateTime.of(2026, month, day, hour, minute, 0, 0, SHANGHAI).toInstant();
    }

    private JsonNode limit(Tickets t, String id, String name) {
        JsonNode body = t.get(t.clerk, "/tenants/{t}/tickets/{id}/sla", t.tenant, id)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        JsonNode found = null;
        for (JsonNode limit : body.get("limits")) {
            if (limit.get("limit").asString().equals(name)) {
                found = limit;
            }
        }
        assertThat(found).as("limit %s", name).isNotNull();
        return found;
    }

    private List<String> warnings(Tickets t, String id) {
        JsonNode ledger = t.get(t.clerk, "/tenants/{t}/tickets/{id}/ledger", t.tenant, id)
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        List<String> raised = new ArrayList<>();
        ledger.forEach(e -> {
            if (e.get("type").asString().equals("WarningRaised")) {
                raised.add(e.get("details").get("limit").asString().replaceAll("@.*", "") + ":"
                        + e.get("details").get("level").asString());
            }
        });
        return raised;
    }

    @Test
    void aConsultationBeforeNationalDayIsDueOnTheMakeUpDayAndTurnsYellowThenRedOnce() {
        Tickets t = new Tickets(http);
        clock.set(at(9, 30, 10, 0));
        Map<String, Object> consultation = new HashMap<>(Tickets.newTicket("13800001234", false));
        consultation.put("kind", "CONSULTATION");
        String id = t.create(t.clerk, consultation).get("id").asString();

        JsonNode closing = limit(t, id, "closing");
        assertThat(closing.get("basis").asString()).isEqualTo("WORKING_DAYS");
        assertThat(Instant.parse(closing.get("dueAt").asString())).isEqualTo(at(10, 10, 10, 0));
        JsonNode dispatch = limit(t, id, "dispatch");
        assertThat(dispatch.get("basis").asString()).isEqualTo("CLOCK");
        assertThat(Instant.parse(dispatch.get("dueAt").asString())).isEqualTo(at(10, 1, 10, 0));

        clock.set(at(10, 9, 9, 0));
        assertThat(scan.scanOnce().block().ran()).isTrue();
        assertThat(warnings(t, id)).containsExactlyInAnyOrder("dispatch:RED", "closing:YELLOW");
        scan.scanOnce().block();
        assertThat(warnings(t, id)).as("a second scan raises nothing new").hasSize(2);

        clock.set(at(10, 10, 10, 1));
        scan.scanOnce().block();
        assertThat(warnings(t, id)).containsExactlyInAnyOrder("dispatch:RED", "closing:YELLOW", "closing:RED");
        t.get(t.clerk, "/tenants/{t}/tickets/{id}", t.tenant, id)
                .expectBody()
                .jsonPath("$.warnings.length()")
                .isEqualTo(3);
    }

    @Test
    void aScanWaitsWhileAnotherInstanceHoldsTheLockAndOverlappingScansRaiseEachWarningOnce() {
        Tickets t = new Tickets(http);
        clock.set(at(11, 2, 9, 0));
        String id = t.open();
        clock.set(at(11, 4, 9, 0));

        Optional<SimpleLock> other = Mono.fromCallable(() -> locks.lock(
                        new LockConfiguration(Instant.now(), "ticket-sla-scan", Duration.ofMinutes(1), Duration.ZERO)))
                .subscribeOn(Schedulers.boundedElastic())
                .block();
        assertThat(other).isPresent();
        try {
            assertThat(scan.scanOnce().block().ran()).isFalse();
            assertThat(warnings(t, id)).isEmpty();
        } finally {
            Mono.fromRunnable(() -> other.get().unlock())
                    .subscribeOn(Schedulers.boundedElastic())
                    .block();
        }
        Mono.zip(scan.scanOnce(), scan.scanOnce(), scan.scanOnce()).block();
        assertThat(warnings(t, id)).containsExactly("dispatch:RED");
    }

    @Test
    void aCategoryPolicyShortensTheLimitForItsChildren() {
        Tickets t = new Tickets(http);
        String admin =
                cn.hotline.kernel.testing.TestTokens.user(t.tenant, cn.hotline.kernel.security.Role.TENANT_ADMIN);
        http.put()
                .uri("/tenants/{t}/sla-policies/env", t.tenant)
                .headers(h -> h.setBearerAuth(admin))
                .bodyValue(Map.of("complaintDays", 2, "dispatchMinutes", 120))
                .exchange()
                .expectStatus()
                .isOk();
        http.put()
                .uri("/tenants/{t}/sla-policies/env", t.tenant)
                .headers(h -> h.setBearerAuth(admin))
                .bodyValue(Map.of("complaintDays", 99))
                .exchange()
                .expectStatus()
                .isBadRequest();
        http.put()
                .uri("/tenants/{t}/sla-policies/env", t.tenant)
                .headers(h -> h.setBearerAuth(t.clerk))
                .bodyValue(Map.of("complaintDays", 1))
                .exchange()
                .expectStatus()
                .isForbidden();
        clock.set(at(11, 2, 10, 0));
        String id = t.open();
        assertThat(Instant.parse(limit(t, id, "closing").get("dueAt").asString()))
                .isEqualTo(at(11, 4, 10, 0));
        assertThat(Instant.parse(limit(t, id, "dispatch").get("dueAt").asString()))
                .isEqualTo(at(11, 2, 12, 0));
    }
}

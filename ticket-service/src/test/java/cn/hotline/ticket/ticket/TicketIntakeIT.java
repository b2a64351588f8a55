package cn.hotline.ticket.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.ticket.testing.TicketServiceTest;
import cn.hotline.ticket.testing.Tickets;
import cn.hotline.ticket.ticket.domain.Channel;
import cn.hotline.ticket.ticket.domain.RequestKind;
import cn.hotline.ticket.ticket.domain.Urgency;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/** Intake from the city platform through {@link TicketIntake}, and merging duplicates (并单) through the API. */
@TicketServiceTest
class TicketIntakeIT {

    @LocalServerPort
    int port;

    @Autowired
    TicketIntake intake;

    WebTestClient http;

    @BeforeEach
    void connect() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static NewTicket fromCity(String ref) {
        return new NewTicket(
                Channel.CITY_PLATFORM,
                RequestKind.HELP,
                "urban.road",
                Urgency.URGENT,
                false,
                NewTicket.citizen("王女士", "0771-5551234", null),
                "路灯不亮",
                "江南区星光大道",
                "jiangnan",
                List.of(),
                ref);
    }

    @Test
    void theSameCityTicketPushedTwentyTimesAtOnceOpensOneTicket() {
        Tickets t = new Tickets(http);
        String ref = "NN" + System.nanoTime();
        List<TicketIntake.Created> results = Flux.range(0, 20)
                .flatMap(i -> intake.create(TenantId.of(t.tenant), fromCity(ref), "city-12345"), 20)
                .collectList()
                .block(Duration.ofSeconds(60));
        Set<String> ids = results.stream().map(r -> r.ticket().id().toString()).collect(Collectors.toSet());
        assertThat(ids).hasSize(1);
        assertThat(results.stream().filter(TicketIntake.Created::created)).hasSize(1);

        assertThat(intake.findByExternalRef(TenantId.of(t.tenant), ref)
                        .block(Duration.ofSeconds(30))
                        .id()
                        .toString())
                .isEqualTo(ids.iterator().next());
        assertThat(intake.findByExternalRef(TenantId.of(t.tenant), "no-such-ref")
                        .blockOptional(Duration.ofSeconds(30)))
                .isEmpty();

        JsonNode ticket = t.get(
                        t.clerk,
                        "/tenants/{t}/tickets/{id}",
                        t.tenant,
                        ids.iterator().next())
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(ticket.get("channel").asString()).isEqualTo("CITY_PLATFORM");
        assertThat(ticket.get("externalRef").asString()).isEqualTo(ref);
        assertThat(ticket.get("citizen").get("phone").asString()).isEqualTo("07715551234");
        t.get(
                        t.clerk,
                        "/tenants/{t}/tickets/{id}/ledger",
                        t.tenant,
                        ids.iterator().next())
                .expectBody()
                .jsonPath("$[0].actor")
                .isEqualTo("city:city-12345")
                .jsonPath("$.length()")
                .isEqualTo(1);
    }

    @Test
    void aDuplicateIsMergedIntoTheOriginalAndBothStepsAreInTheLedgers() {
        Tickets t = new Tickets(http);
        String original = t.open();
        String duplicate = t.open();
        JsonNode merged = t.ok(t.clerk, duplicate, "merge", Map.of("target", original, "text", "同一诉求"));
        assertThat(merged.get("id").asString()).isEqualTo(original);
        assertThat(merged.get("duplicates").get(0).asString()).isEqualTo(duplicate);
        t.get(t.clerk, "/tenants/{t}/tickets/{id}", t.tenant, duplicate)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("MERGED")
                .jsonPath("$.mergedInto")
                .isEqualTo(original);
        t.step(t.clerk, original, "merge", Map.of("target", duplicate, "text", "反向"))
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.state")
                .isEqualTo("MERGED");
    }
}

package cn.hotline.ticket.city;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.ticket.testing.TicketServiceTest;
import cn.hotline.ticket.testing.Tickets;
import cn.hotline.ticket.ticket.NewTicket;
import cn.hotline.ticket.ticket.TicketIntake;
import cn.hotline.ticket.ticket.domain.Channel;
import cn.hotline.ticket.ticket.domain.Citizen;
import cn.hotline.ticket.ticket.domain.RequestKind;
import cn.hotline.ticket.ticket.domain.Urgency;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A ticket the city transferred tells the city of its steps: each sign-for, reply and closing of it lands in the city
 * outbox in the transaction of the step, once per ledger entry; a ticket from another channel sends nothing.
 */
@TicketServiceTest
class CityTicketFeedIT {

    @LocalServerPort
    int port;

    @Autowired
    TicketIntake intake;

    private Tickets tickets() {
        return new Tickets(WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build());
    }

    @Test
    void theCityHearsOfTheSignForOfItsTicketAndNothingOfOthers() {
        Tickets t = tickets();
        String no = "SZ-" + UUID.randomUUID();
        String cityTicket = intake.create(
                        TenantId.of(t.tenant),
                        new NewTicket(
                                Channel.CITY_PLATFORM,
                                RequestKind.COMPLAINT,
                                "env.noise",
                                Urgency.NORMAL,
                                false,
                                new Citizen(null, "13800138000", null),
                                "夜间施工噪音",
                                null,
                                null,
                                List.of(),
                                no),
                        "city-platform")
                .block(Duration.ofSeconds(30))
                .ticket()
                .id()
                .value()
                .toString();
        String phoneTicket = t.open();
        String jtj = t.unitUser("qingxiu-jtj");
        for (String id : List.of(cityTicket, phoneTicket)) {
            t.ok(t.clerk, id, "dispatch", Map.of("unit", "qingxiu-jtj", "text", "交办"));
            t.ok(jtj, id, "sign-for", Map.of());
        }

        assertThat(CityTestSupport.count(
                        "SELECT count(*) FROM city_outbox WHERE tenant_id = ? AND city_ticket_no = ? AND kind ="
                                + " 'SIGNED_FOR'",
                        t.tenant,
                        no))
                .isEqualTo(1);
        assertThat(CityTestSupport.count("SELECT count(*) FROM city_outbox WHERE tenant_id = ?", t.tenant))
                .isEqualTo(1);
    }
}

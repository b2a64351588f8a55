package cn.hotline.ticket.notice;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.ticket.testing.TicketServiceTest;
import cn.hotline.ticket.testing.Tickets;
import cn.hotline.ticket.ticket.TicketManagement;
import cn.hotline.ticket.ticket.domain.Actor;
import cn.hotline.ticket.ticket.domain.TicketCommand;
import cn.hotline.ticket.ticket.domain.WarningLevel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.common.policies.data.TenantInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Urges, supervision and SLA warnings leave a notice for whoever must act — the main unit while a unit holds the
 * ticket, else the centre — listed per unit with read marks, invisible to other units and tenants, and published on a
 * real Pulsar topic {@code persistent://{tenant}/notices/notices} as a {@code NoticeIssued} envelope.
 */
@TicketServiceTest
class NoticesIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    NoticeRelay relay;

    @Autowired
    TicketManagement tickets;

    @Autowired
    PulsarClient pulsar;

    WebTestClient http;
    Tickets t;

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60))
                .build();
        t = new Tickets(http);
    }

    JsonNode notices(String token, String query) {
        return t.get(token, "/tenants/{t}/notices" + query, t.tenant)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void anUrgeAndAWarningNoticeTheUnitThatHoldsTheTicketWhichMarksThemRead() {
        String id = t.open();
        String jtj = t.unitUser("qingxiu-jtj");
        t.ok(t.clerk, id, "dispatch", Map.of("unit", "qingxiu-jtj", "text", "交办"));
        t.ok(t.clerk, id, "urge", Map.of("text", "市民再次来电，请尽快处理"));
        tickets.handle(
                        TenantContext.of(TenantId.of(t.tenant)),
                        UUID.fromString(id),
                        new TicketCommand.RaiseWarning("signFor", WarningLevel.RED),
                        Actor.system("sla-scan"),
                        null,
                        null)
                .block(Duration.ofSeconds(30));

        JsonNode mine = notices(jtj, "");
        assertThat(mine).hasSize(2);
        assertThat(mine.get(0).path("kind").stringValue()).isEqualTo("WARNING");
        assertThat(mine.get(0).path("level").stringValue()).isEqualTo("RED");
        assertThat(mine.get(0).path("note").stringValue()).contains("红灯").contains("signFor");
        assertThat(mine.get(1).path("kind").stringValue()).isEqualTo("URGED");
        assertThat(mine.get(1).path("note").stringValue()).isEqualTo("催办：市民再次来电，请尽快处理");
        assertThat(mine.get(1).path("recipientUnit").stringValue()).isEqualTo("qingxiu-jtj");
        assertThat(mine.get(1).path("readAt").isNull()).isTrue();

        String urge = mine.get(1).path("id").stringValue();
        JsonNode read = http.post()
                .uri("/tenants/{t}/notices/{id}/read", t.tenant, urge)
                .headers(h -> h.setBearerAuth(jtj))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(read.path("readBy").stringValue()).startsWith("user:");
        assertThat(notices(jtj, "?unread=true")).hasSize(1);
        assertThat(notices(t.clerk, "?unit=qingxiu-jtj")).hasSize(2);
        assertThat(notices(t.clerk, "?unit=qingxiu-cgj")).isEmpty();
        // another unit and another tenant see none of it
        assertThat(notices(t.unitUser("qingxiu-cgj"), "")).isEmpty();
        Tickets other = new Tickets(http);
        t.get(other.clerk, "/tenants/{t}/notices", t.tenant).expectStatus().isNotFound();
        assertThat(other.get(other.clerk, "/tenants/{t}/notices", other.tenant)
                        .expectStatus()
                        .isOk()
                        .expectBody(JsonNode.class)
                        .returnResult()
                        .getResponseBody())
                .isEmpty();
        http.post()
                .uri("/tenants/{t}/notices/{id}/read", t.tenant, urge)
                .headers(h -> h.setBearerAuth(t.unitUser("qingxiu-cgj")))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void aWarningOnATicketTheCentreHoldsNoticesTheCentre() {
        String id = t.open();
        tickets.handle(
                        TenantContext.of(TenantId.of(t.tenant)),
                        UUID.fromString(id),
                        new TicketCommand.RaiseWarning("dispatch", WarningLevel.YELLOW),
                        Actor.system("sla-scan"),
                        null,
                        null)
                .block(Duration.ofSeconds(30));
        JsonNode all = notices(t.clerk, "");
        assertThat(all).hasSize(1);
        assertThat(all.get(0).path("recipientUnit").isNull()).isTrue();
        assertThat(all.get(0).path("level").stringValue()).isEqualTo("YELLOW");
        assertThat(notices(t.unitUser("qingxiu-jtj"), "")).isEmpty();
    }

    @Test
    void noticesArePublishedOnTheTenantsNoticesTopicAsEnvelopesWithoutPersonalData() throws Exception {
        try (PulsarAdmin admin = PulsarAdmin.builder()
                .serviceHttpUrl(TestStack.endpoints().pulsarAdminUrl().toString())
                .build()) {
            admin.tenants()
                    .createTenant(
                            t.tenant,
                            TenantInfo.builder()
                                    .allowedClusters(Set.copyOf(admin.clusters().getClusters()))
                                    .build());
            admin.namespaces().createNamespace(t.tenant + "/notices");
        }
        try (Consumer<byte[]> sms = pulsar.newConsumer(Schema.BYTES)
                .topic("persistent://" + t.tenant + "/notices/notices")
                .subscriptionName("sms-test")
                .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
                .subscribe()) {
            String id = t.open();
            t.ok(t.clerk, id, "dispatch", Map.of("unit", "qingxiu-jtj", "text", "交办"));
            t.ok(t.clerk, id, "urge", Map.of("text", "请尽快处理"));
            t.ok(t.clerk, id, "supervise", Map.of("text", "督办"));

            assertThat(relay.relayTenant(t.tenant).block(Duration.ofSeconds(60)))
                    .isEqualTo(2);
            assertThat(relay.relayTenant(t.tenant).block(Duration.ofSeconds(60)))
                    .as("published ones are not sent again")
                    .isZero();

            List<JsonNode> received = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Message<byte[]> message = sms.receive(30, TimeUnit.SECONDS);
                assertThat(message).isNotNull();
                assertThat(message.getProperty("type")).isEqualTo("NoticeIssued");
                assertThat(message.getKey()).isEqualTo(id);
                String text = new String(message.getValue(), StandardCharsets.UTF_8);
                assertThat(text).doesNotContain("13800138000").doesNotContain("张先生");
                received.add(JSON.readTree(text));
                sms.acknowledge(message);
            }
            assertThat(received)
                    .extracting(n -> n.path("payload").path("kind").stringValue())
                    .containsExactly("URGED", "SUPERVISED");
            assertThat(received.get(0).path("type").stringValue()).isEqualTo("NoticeIssued");
            assertThat(received.get(0).path("tenant").stringValue()).isEqualTo(t.tenant);
            assertThat(received.get(0).path("payload").path("recipientUnit").stringValue())
                    .isEqualTo("qingxiu-jtj");
            assertThat(received.get(0).path("payload").path("ticket").stringValue())
                    .isEqualTo(id);
            JsonNode listed = notices(t.clerk, "");
            assertThat(listed)
                    .allSatisfy(n -> assertThat(n.path("publishedAt").isNull()).isFalse());
        }
    }
}

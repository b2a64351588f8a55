package cn.hotline.ticket.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.test.TestStack;
import cn.hotline.ticket.testing.TicketServiceTest;
import cn.hotline.ticket.testing.Tickets;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@TicketServiceTest
class TicketApiIT {

    @LocalServerPort
    int port;

    WebTestClient http;

    @Autowired
    JsonMapper json;

    @BeforeEach
    void connect() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    @Test
    void aTicketGoesFromIntakeThroughTwoUnitsToAnArchivedCaseFileAndEveryStepIsPublishedInOrder() throws Exception {
        Tickets t = new Tickets(http);
        t.provisionPulsar();
        try (PulsarClient client = PulsarClient.builder()
                        .serviceUrl(TestStack.endpoints().pulsarUrl().toString())
                        .build();
                Consumer<byte[]> consumer = client.newConsumer(Schema.BYTES)
                        .topic("persistent://" + t.tenant + "/tickets/ticket-events")
                        .subscriptionName("it")
                        .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
                        .subscribe()) {
            String jtj = t.unitUser("qingxiu-jtj");
            String cgj = t.unitUser("qingxiu-cgj");
            String id = t.open();

            t.ok(
                    t.clerk,
                    id,
                    "dispatch",
                    Map.of("unit", "qingxiu-jtj", "coUnits", List.of("qingxiu-cgj"), "text", "请主办"));
            JsonNode signed = t.ok(jtj, id, "sign-for", Map.of());
            assertThat(signed.get("status").asString()).isEqualTo("SIGNED");
            t.ok(jtj, id, "second-level", Map.of("unit", "qingxiu-jd-1", "text", "请街道现场核实"));
            t.ok(cgj, id, "notes", Map.of("text", "城管已到场取证"));
            t.ok(
                    jtj,
                    id,
                    "reply",
                    Map.of(
                            "text",
                            "已责令夜间停工",
                            "attachments",
                            List.of(Map.of("key", "evidence/1.jpg", "name", "整改通知.jpg"))));
            t.ok(t.clerk, id, "result-review", Map.of("approved", true, "text", "答复规范"));
            t.ok(t.agent, id, "callback", Map.of("satisfaction", "SATISFIED", "text", "市民满意"));
            t.ok(t.clerk, id, "close", Map.of("text", "办结"));
            JsonNode archived = t.ok(t.clerk, id, "archive", Map.of());
            assertThat(archived.get("status").asString()).isEqualTo("ARCHIVED");
            assertThat(archived.get("version").asInt()).isEqualTo(10);

            t.step(t.clerk, id, "urge", Map.of("text", "还要催"))
                    .expectStatus()
                    .isEqualTo(409)
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("ILLEGAL_TRANSITION")
                    .jsonPath("$.state")
                    .isEqualTo("ARCHIVED")
                    .jsonPath("$.command")
                    .isEqualTo("Urge");

            List<String> expected = List.of(
                    "TicketOpened",
                    "TicketDispatched",
                    "TicketSignedFor",
                    "SecondLevelDispatched",
                    "NoteAdded",
                    "TicketReplied",
                    "ResultReviewed",
                    "CallbackRecorded",
                    "TicketClosed",
                    "TicketArchived");
            JsonNode ledger = t.get(t.clerk, "/tenants/{t}/tickets/{id}/ledger", t.tenant, id)
                    .expectStatus()
                    .isOk()
                    .expectBody(JsonNode.class)
                    .returnResult()
                    .getResponseBody();
            List<String> types = new ArrayList<>();
            ledger.forEach(entry -> types.add(entry.get("type").asString()));
            assertThat(types).isEqualTo(expected);
            assertThat(ledger.get(4).get("actorUnit").asString()).isEqualTo("qingxiu-cgj");
            assertThat(ledger.get(5).get("attachments").get(0).get("name").asString())
                    .isEqualTo("整改通知.jpg");

            byte[] docx = t.get(t.clerk, "/tenants/{t}/tickets/{id}/case-file.docx", t.tenant, id)
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .contentType(CaseFileExport.DOCX)
                    .expectBody(byte[].class)
                    .returnResult()
                    .getResponseBody();
            try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(docx));
                    XWPFWordExtractor text = new XWPFWordExtractor(doc)) {
                assertThat(text.getText())
                        .contains("工单案卷", "13800138000", "qingxiu-cgj", "城管已到场取证", "整改通知.jpg")
                        .contains(expected);
                assertThat(doc.getTables().getFirst().getRows()).hasSize(expected.size() + 1);
            }
            t.get(jtj, "/tenants/{t}/tickets/{id}/case-file.docx", t.tenant, id)
                    .expectStatus()
                    .isForbidden();

            List<String> published = new ArrayList<>();
            while (published.size() < expected.size()) {
                Message<byte[]> message = consumer.receive(20, TimeUnit.SECONDS);
                assertThat(message).as("event %s arrives", published.size() + 1).isNotNull();
                String text = new String(message.getValue(), StandardCharsets.UTF_8);
                assertThat(text).as("no caller number on the topic").doesNotContain("13800138000");
                JsonNode envelope = json.readTree(text);
                assertThat(envelope.get("tenant").asString()).isEqualTo(t.tenant);
                assertThat(envelope.get("payload").get("ticket").asString()).isEqualTo(id);
                assertThat(envelope.get("payload").get("seq").asInt()).isEqualTo(published.size() + 1);
                assertThat(message.getKey()).isEqualTo(id);
                published.add(envelope.get("type").asString());
                consumer.acknowledge(message);
            }
            assertThat(published).isEqualTo(expected);
        }
    }

    @Test
    void anIllegalStepIsRefusedNamingStateAndCommandAndChangesNothing() {
        Tickets t = new Tickets(http);
        String id = t.open();
        t.step(t.clerk, id, "close", Map.of("text", "办结"))
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("ILLEGAL_TRANSITION")
                .jsonPath("$.state")
                .isEqualTo("RECEIVED")
                .jsonPath("$.command")
                .isEqualTo("Close");
        t.get(t.clerk, "/tenants/{t}/tickets/{id}", t.tenant, id)
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(1)
                .jsonPath("$.status")
                .isEqualTo("RECEIVED");
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndStoresNothing() {
        Tickets t = new Tickets(http);
        Map<String, Object> noPhone = new java.util.HashMap<>(Tickets.newTicket("138", false));
        noPhone.put("citizen", Map.of("name", "李女士", "phone", "not-a-number"));
        http.post()
                .uri("/tenants/{t}/tickets", t.tenant)
                .headers(h -> h.setBearerAuth(t.clerk))
                .bodyValue(noPhone)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED");
        Map<String, Object> unknownCategory = new java.util.HashMap<>(Tickets.newTicket("13800138000", false));
        unknownCategory.put("category", "no.such.category");
        http.post()
                .uri("/tenants/{t}/tickets", t.tenant)
                .headers(h -> h.setBearerAuth(t.clerk))
                .bodyValue(unknownCategory)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.field")
                .isEqualTo("category");
        t.get(t.clerk, "/tenants/{t}/tickets", t.tenant)
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(0);

        String id = t.open();
        t.step(t.clerk, id, "dispatch", Map.of("unit", "closed-unit", "text", "交办"))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.unit")
                .isEqualTo("closed-unit");
        t.get(t.clerk, "/tenants/{t}/tickets/{id}", t.tenant, id)
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(1);
    }

    @Test
    void aStaleVersionIsAConflict() {
        Tickets t = new Tickets(http);
        String id = t.open();
        t.ok(t.clerk, id, "review", Map.of("text", "请审核", "version", 1));
        t.step(t.clerk, id, "answer", Map.of("text", "答复", "version", 1))
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("CONFLICT")
                .jsonPath("$.currentVersion")
                .isEqualTo(2);
    }

    @Test
    void theSecondDissatisfiedCallbackMakesItAHardTicketForADispatchAgain() {
        Tickets t = new Tickets(http);
        String id = t.open();
        String jtj = t.unitUser("qingxiu-jtj");
        t.ok(t.agent, id, "answer", Map.of("text", "已告知投诉渠道"));
        JsonNode first = t.ok(t.agent, id, "callback", Map.of("satisfaction", "DISSATISFIED", "text", "不满意"));
        assertThat(first.get("hard").asBoolean()).isFalse();
        t.ok(t.clerk, id, "dispatch", Map.of("unit", "qingxiu-jtj", "text", "交办"));
        t.ok(jtj, id, "sign-for", Map.of());
        t.ok(jtj, id, "reply", Map.of("text", "已处理"));
        t.ok(t.clerk, id, "result-review", Map.of("approved", true, "text", "通过"));
        JsonNode second = t.ok(t.agent, id, "callback", Map.of("satisfaction", "DISSATISFIED", "text", "仍不满意"));
        assertThat(second.get("hard").asBoolean()).isTrue();
        assertThat(second.get("status").asString()).isEqualTo("RECEIVED");
        t.ok(t.clerk, id, "dispatch", Map.of("unit", "city-hrss", "text", "疑难工单再派"));
    }
}

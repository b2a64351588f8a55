package cn.hotline.ticket.city;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RealServers
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"cc.ticket.city.worker-enabled=false", "cc.ticket.city.relay-enabled=false"})
@ContextConfiguration(initializers = TestTokens.Initializer.class)
class CityInboundIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    WebTestClient http;
    String tenant;
    String admin;
    WebhookSecret secret;

    @BeforeEach
    void tenantWithAnInboundSecret() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60))
                .build();
        tenant = CityTestSupport.newTenant("cityin");
        admin = TestTokens.user(tenant, Role.TENANT_ADMIN);
        secret = addInboundSecret(tenant, admin, null);
    }

    WebhookSecret addInboundSecret(String tenant, String token, String given) {
        JsonNode created = http.post()
                .uri("/tenants/{t}/city/inbound-secrets", tenant)
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(given == null ? Map.of() : Map.of("secret", given))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        return WebhookSecret.parse(created.path("secret").stringValue());
    }

    static String ticket(String no) {
        return "{\"cityTicketNo\":\"" + no + "\",\"title\":\"路灯不亮\",\"content\":\"长江西路路灯连续三晚不亮\","
                + "\"urgency\":\"URGENT\",\"callerPhone\":\"13800000000\",\"confidential\":true}";
    }

    WebTestClient.ResponseSpec push(String path, String body, Consumer<HttpHeaders> headers) {
        return http.post()
                .uri("/hooks/city/{t}/" + path, tenant)
                .contentType(MediaType.APPLICATION_JSON)
                .headers(headers)
                .bodyValue(body)
                .exchange();
    }

    WebTestClient.ResponseSpec signed(String path, String id, String body) {
        return push(path, body, h -> CityTestSupport.sign(h, id, body, List.of(secret)));
    }

    @Test
    void aSignedTransferMakesOneTicketAndAnswersWithItsId() {
        String no = "SZ-" + UUID.randomUUID();
        JsonNode answer = signed("tickets", "msg-" + UUID.randomUUID(), ticket(no))
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueEquals(CityHooksController.REPLAYED, "false")
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(answer.path("result").stringValue()).isEqualTo("ACCEPTED");
        assertThat(UUID.fromString(answer.path("ticketId").stringValue())).isNotNull();
        assertThat(CityTestSupport.count(
                        "SELECT count(*) FROM ticket WHERE tenant_id = ? AND channel = 'CITY_PLATFORM' AND external_ref = ? AND urgency ="
                                + " 'URGENT' AND confidential",
                        tenant,
                        no))
                .isEqualTo(1);
    }

    @Test
    void filesInATransferLandAsAttachmentsOfTheTicketAndABrokenFileAppliesNothing() {
        byte[] photo = new byte[600];
        photo[0] = (byte) 0xFF;
        photo[1] = (byte) 0xD8;
        photo[2] = (byte) 0xFF;
        String encoded = java.util.Base64.getEncoder().encodeToString(photo);
        String no = "SZ-" + UUID.randomUUID();
        String body = "{\"cityTicketNo\":\"" + no + "\",\"title\":\"路灯不亮\",\"content\":\"长江西路路灯不亮\","
                + "\"attachments\":[{\"name\":\"现场.jpg\",\"contentType\":\"image/jpeg\",\"content\":\""
                + encoded + "\"},{\"name\":\"说明.txt\",\"contentType\":\"text/plain\",\"content\":\""
                + java.util.Base64.getEncoder()
                        .encodeToString("路灯编号 A-17".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "\"}]}";
        String ticketId = signed("tickets", "msg-" + UUID.randomUUID(), body)
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .path("ticketId")
                .stringValue();
        assertThat(CityTestSupport.count(
                        "SELECT count(*) FROM ticket_attachment WHERE tenant_id = ? AND ticket_id = ? AND source = 'CITY'"
                                + " AND uploaded_by = 'city:city-platform'",
                        tenant,
                        UUID.fromString(ticketId)))
                .isEqualTo(2);
        assertThat(CityTestSupport.count(
                        "SELECT count(*) FROM ticket_ledger WHERE tenant_id = ? AND ticket_id = ? AND type = 'NoteAdded'"
                                + " AND jsonb_array_length(attachments) = 1",
                        tenant,
                        UUID.fromString(ticketId)))
                .isEqualTo(2);

        String other = "SZ-" + UUID.randomUUID();
        String broken = "{\"cityTicketNo\":\"" + other + "\",\"title\":\"t\",\"content\":\"c\",\"attachments\":["
                + "{\"name\":\"a.jpg\",\"contentType\":\"image/jpeg\",\"content\":\"" + encoded + "\"},"
                + "{\"name\":\"b.exe\",\"contentType\":\"application/x-msdownload\",\"content\":\"" + encoded
                + "\"}]}";
        JsonNode refused = signed("tickets", "msg-" + UUID.randomUUID(), broken)
                .expectStatus()
                .isEqualTo(415)
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(refused.path("field").stringValue()).isEqualTo("attachments[1]");
        JsonNode notBase64 = signed("tickets", "msg-" + UUID.randomUUID(), broken.replace(encoded + "\"}]", "%%%\"}]"))
                .expectStatus()
                .isBadRequest()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(notBase64.path("field").stringValue()).isEqualTo("attachments[1].content");
        assertThat(CityTestSupport.count(
                        "SELECT count(*) FROM ticket WHERE tenant_id = ? AND external_ref = ?", tenant, other))
                .isZero();
    }

    @Test
    void fiftyConcurrentCopiesOfOneWebhookHaveExactlyOneEffect() throws Exception {
        String no = "SZ-" + UUID.randomUUID();
        String id = "msg-" + UUID.randomUUID();
        String body = ticket(no);
        HttpHeaders headers = new HttpHeaders();
        CityTestSupport.sign(headers, id, body, List.of(secret));
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<EntityExchangeResult<JsonNode>>> copies = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                copies.add(pool.submit(() -> {
                    start.await();
                    return push("tickets", body, h -> h.addAll(headers))
                            .expectBody(JsonNode.class)
                            .returnResult();
                }));
            }
            start.countDown();
            List<EntityExchangeResult<JsonNode>> results = new java.util.ArrayList<>();
            for (Future<EntityExchangeResult<JsonNode>> copy : copies) {
                results.add(copy.get());
            }
            assertThat(results)
                    .allSatisfy(r -> assertThat(r.getStatus().is2xxSuccessful()).isTrue());
            assertThat(results.stream()
                            .filter(r -> "false".equals(r.getResponseHeaders().getFirst(CityHooksController.REPLAYED))))
                    .hasSize(1);
            assertThat(results.stream()
                            .map(r -> r.getResponseBody().path("ticketId").stringValue())
                            .distinct())
                    .hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(CityTestSupport.count(
                        "SELECT count(*) FROM ticket WHERE tenant_id = ? AND channel = 'CITY_PLATFORM' AND external_ref = ?",
                        tenant,
                        no))
                .isEqualTo(1);
        assertThat(CityTestSupport.count(
                        "SELECT count(*) FROM city_webhook_receipt WHERE tenant_id = ? AND webhook_id = ?", tenant, id))
                .isEqualTo(1);
    }

    @Test
    void aReusedWebhookIdWithAnotherBodyIsAConflict() {
        String id = "msg-" + UUID.randomUUID();
        signed("tickets", id, ticket("SZ-" + UUID.randomUUID())).expectStatus().isCreated();
        signed("tickets", id, ticket("SZ-" + UUID.randomUUID()))
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("CONFLICT");
        assertThat(CityTestSupport.count(
                        "SELECT count(*) FROM ticket WHERE tenant_id = ? AND channel = 'CITY_PLATFORM'", tenant))
                .isEqualTo(1);
    }

    @Test
    void aSchemaErrorNamesTheFieldAndAppliesNothing() {
        String id = "msg-" + UUID.randomUUID();
        String no = "SZ-" + UUID.randomUUID();
        String broken = "{\"cityTicketNo\":\"" + no + "\",\"content\":\"x\",\"urgency\":\"URGENT\"}";
        signed("tickets", id, broken)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.field")
                .isEqualTo("title");
        String badUrgency = ticket(no).replace("URGENT", "SOON");
        signed("tickets", id, badUrgency).expectBody().jsonPath("$.field").isEqualTo("urgency");
        signed("tickets", id, "[1,2]")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("MALFORMED_REQUEST");
        assertThat(CityTestSupport.count(
                        "SELECT count(*) FROM ticket WHERE tenant_id = ? AND channel = 'CITY_PLATFORM'", tenant))
                .isZero();
        assertThat(CityTestSupport.count("SELECT count(*) FROM city_webhook_receipt WHERE tenant_id = ?", tenant))
                .isZero();
        // nothing was recorded under the id: the corrected message goes through with it
        signed("tickets", id, ticket(no)).expectStatus().isCreated();
    }

    @Test
    void refusesEveryBadSignatureWithItsReasonAndAppliesNothing() {
        String body = ticket("SZ-" + UUID.randomUUID());
        long now = Instant.now().getEpochSecond();
        Map<String, Consumer<HttpHeaders>> cases = Map.of(
                "NO_MATCHING_SIGNATURE",
                h -> CityTestSupport.sign(h, "msg-wrong", body, List.of(WebhookSecret.generate())),
                "STALE_TIMESTAMP",
                h -> CityTestSupport.sign(h, "msg-stale", now - 301, body, List.of(secret)),
                "MISSING_HEADERS",
                h -> h.set(WebhookSignatures.ID, "msg-missing"),
                "MALFORMED_SIGNATURE",
                h -> {
                    CityTestSupport.sign(h, "msg-malformed", body, List.of(secret));
                    h.set(WebhookSignatures.SIGNATURE, "v1");
                });
        cases.forEach((reason, headers) -> push("tickets", body, headers)
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("UNAUTHENTICATED")
                .jsonPath("$.reason")
                .isEqualTo(reason));
        // a tampered body: signed for one body, another sent
        push("tickets", body.replace("三", "四"), h -> CityTestSupport.sign(h, "msg-tampered", body, List.of(secret)))
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("NO_MATCHING_SIGNATURE");
        assertThat(CityTestSupport.count("SELECT count(*) FROM city_webhook_receipt WHERE tenant_id = ?", tenant))
                .isZero();
    }

    @Test
    void rotationAcceptsEitherActiveSecretAndRefusesARevokedOne() {
        WebhookSecret next =
                addInboundSecret(tenant, admin, WebhookSecret.generate().encoded());
        String body = ticket("SZ-" + UUID.randomUUID());
        // the city signs with both while it switches; then only with the new one
        push("tickets", body, h -> CityTestSupport.sign(h, "msg-a-" + UUID.randomUUID(), body, List.of(secret, next)))
                .expectStatus()
                .isCreated();
        String second = ticket("SZ-" + UUID.randomUUID());
        push("tickets", second, h -> CityTestSupport.sign(h, "msg-b-" + UUID.randomUUID(), second, List.of(next)))
                .expectStatus()
                .isCreated();
        JsonNode listed = http.get()
                .uri("/tenants/{t}/city/inbound-secrets", tenant)
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(listed).hasSize(2);
        assertThat(listed.toString()).doesNotContain("whsec_");
        // at rest they are sealed with the tenant's personal-data key, never kept as text
        assertThat(CityTestSupport.count(
                        "SELECT count(*) FROM city_inbound_secret WHERE tenant_id = ? AND sealing = 'SM4'"
                                + " AND secret NOT LIKE 'whsec%'",
                        tenant))
                .isEqualTo(2);
        http.delete()
                .uri(
                        "/tenants/{t}/city/inbound-secrets/{id}",
                        tenant,
                        listed.get(0).path("id").stringValue())
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectStatus()
                .isNoContent();
        String third = ticket("SZ-" + UUID.randomUUID());
        push("tickets", third, h -> CityTestSupport.sign(h, "msg-c-" + UUID.randomUUID(), third, List.of(secret)))
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void onlyTheTenantAdministratorManagesSecretsAndNoTenantSignsForAnother() {
        http.post()
                .uri("/tenants/{t}/city/inbound-secrets", tenant)
                .headers(h -> h.setBearerAuth(TestTokens.user(tenant, Role.AGENT)))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("FORBIDDEN");
        String other = CityTestSupport.newTenant("cityother");
        http.get()
                .uri("/tenants/{t}/city/inbound-secrets", tenant)
                .headers(h -> h.setBearerAuth(TestTokens.user(other, Role.TENANT_ADMIN)))
                .exchange()
                .expectStatus()
                .isNotFound();
        // the other tenant's own secret does not sign for this tenant
        WebhookSecret foreign = addInboundSecret(other, TestTokens.user(other, Role.TENANT_ADMIN), null);
        String body = ticket("SZ-" + UUID.randomUUID());
        push("tickets", body, h -> CityTestSupport.sign(h, "msg-" + UUID.randomUUID(), body, List.of(foreign)))
                .expectStatus()
                .isUnauthorized();
        // an unknown tenant looks like a tenant without secrets
        http.post()
                .uri("/hooks/city/{t}/tickets", "no-such-tenant-x")
                .contentType(MediaType.APPLICATION_JSON)
                .headers(h -> CityTestSupport.sign(h, "msg-x", body, List.of(secret)))
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("NO_ACTIVE_SECRET");
    }

    @Test
    void urgesAndStatusQueriesReachTheTransferredTicket() {
        String no = "SZ-" + UUID.randomUUID();
        String urge = "{\"cityTicketNo\":\"" + no + "\",\"reason\":\"市民再次来电催促\"}";
        String urgeId = "msg-" + UUID.randomUUID();
        // an urge before the transfer is refused and not recorded, so the city's retry works later
        signed("urges", urgeId, urge)
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.field")
                .isEqualTo("cityTicketNo");
        signed("tickets", "msg-" + UUID.randomUUID(), ticket(no)).expectStatus().isCreated();
        signed("urges", urgeId, urge)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.urges")
                .isEqualTo(1);
        signed("urges", urgeId, urge)
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(CityHooksController.REPLAYED, "true");
        signed("status-queries", "msg-" + UUID.randomUUID(), "{\"cityTicketNo\":\"" + no + "\"}")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.state")
                .isEqualTo("RECEIVED")
                .jsonPath("$.urges")
                .isEqualTo(1);
        // The urge is an entry in the ticket's ledger (once, although the city sent it twice).
        assertThat(CityTestSupport.count(
                        "SELECT count(*) FROM ticket_ledger WHERE tenant_id = ? AND type = 'TicketUrged'", tenant))
                .isEqualTo(1);
    }

    @Test
    void theTenantsFieldMappingReadsTheCitysNamesAndNamesThemInErrors() {
        http.put()
                .uri("/tenants/{t}/city/endpoint", tenant)
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "mode",
                        "PULL",
                        "mapping",
                        Map.of("inbound", Map.of("cityTicketNo", "caseNo", "title", "subject.text"))))
                .exchange()
                .expectStatus()
                .isOk();
        String no = "SZ-" + UUID.randomUUID();
        String theirs = "{\"caseNo\":\"" + no + "\",\"subject\":{\"text\":\"噪音扰民\"},\"content\":\"夜间施工\"}";
        signed("tickets", "msg-" + UUID.randomUUID(), theirs).expectStatus().isCreated();
        assertThat(CityTestSupport.count(
                        "SELECT count(*) FROM ticket WHERE tenant_id = ? AND channel = 'CITY_PLATFORM' AND external_ref = ? AND summary LIKE ?",
                        tenant,
                        no,
                        "噪音扰民%"))
                .isEqualTo(1);
        signed("tickets", "msg-" + UUID.randomUUID(), "{\"subject\":{\"text\":\"t\"},\"content\":\"c\"}")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.field")
                .isEqualTo("caseNo");
        http.put()
                .uri("/tenants/{t}/city/endpoint", tenant)
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("mode", "PUSH"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.field")
                .isEqualTo("url");
    }
}

package cn.hotline.ticket.city;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/** Outbox → Pulsar → delivery worker → the city simulator (its own JVM), push and pull, dead letters, rotation. */
@RealServers
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "cc.ticket.city.relay-enabled=true",
            "cc.ticket.city.worker-enabled=true",
            "cc.ticket.city.relay-interval=200ms",
            "cc.ticket.city.tenant-refresh=500ms",
            "cc.ticket.city.request-timeout=2s",
            "cc.ticket.city.initial-backoff=100ms",
            "cc.ticket.city.max-backoff=400ms",
            "cc.ticket.city.max-attempts=4"
        })
@ContextConfiguration(initializers = TestTokens.Initializer.class)
@DirtiesContext
class CityDeliveryIT {

    static ChildJvm simulator;

    /** A tenant the demo link wires to the simulator when the context starts (as ./run does for shushan). */
    static final String DEMO = CityTestSupport.newTenant("citydemo");

    @DynamicPropertySource
    static void demoLink(DynamicPropertyRegistry registry) {
        registry.add("cc.ticket.city.demo.enabled", () -> "true");
        registry.add("cc.ticket.city.demo.simulator-url", () -> "http://127.0.0.1:" + simulator.port);
        registry.add("cc.ticket.city.demo.tenants", () -> DEMO);
    }

    @LocalServerPort
    int port;

    @Autowired
    CityOutbox outbox;

    @Autowired
    CityTransactions tx;

    WebTestClient http;
    WebTestClient city;
    String tenant;
    String admin;

    @BeforeAll
    static void startSimulator() throws Exception {
        simulator = ChildJvm.simulator(Map.of()).awaitHealthy(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopSimulator() throws Exception {
        simulator.close();
    }

    @BeforeEach
    void tenantWithAPushEndpoint() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        city = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + simulator.port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        tenant = CityTestSupport.newTenant("citydl");
        admin = TestTokens.user(tenant, Role.TENANT_ADMIN);
        CityTestSupport.pulsarNamespace(tenant);
        String secret = outboundSecret();
        cityTrusts(List.of(secret));
        endpoint(Map.of(
                "mode",
                "PUSH",
                "url",
                simulator.url("/city/" + tenant + "/changes").toString()));
    }

    String outboundSecret() {
        return http.post()
                .uri("/tenants/{t}/city/outbound-secrets", tenant)
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .path("secret")
                .stringValue();
    }

    void cityTrusts(List<String> secrets) {
        city.put()
                .uri("/city/tenants/{t}", tenant)
                .bodyValue(Map.of("verifyingSecrets", secrets))
                .exchange()
                .expectStatus()
                .isOk();
    }

    void endpoint(Map<String, Object> body) {
        http.put()
                .uri("/tenants/{t}/city/endpoint", tenant)
                .headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk();
    }

    List<String> enqueue(int count, String prefix) {
        TenantId id = TenantId.of(tenant);
        List<String> keys = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> prefix + "-" + UUID.randomUUID())
                .toList();
        tx.run(
                        id,
                        Flux.fromIterable(keys)
                                .concatMap(key -> outbox.enqueue(
                                        id,
                                        new CityChange(
                                                key,
                                                CityChange.Kind.REPLIED,
                                                "SZ-" + key,
                                                null,
                                                Instant.now(),
                                                Map.of("text", "已处理完毕"))))
                                .then())
                .block(Duration.ofSeconds(60));
        return keys;
    }

    JsonNode received() {
        return city.get()
                .uri("/city/received?tenant={t}", tenant)
                .exchange()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    static void await(Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not done within " + timeout);
            }
            Thread.sleep(200);
        }
    }

    @Test
    void everyEnqueuedChangeReachesTheCityOnceSignedAndInItsFieldNames() throws Exception {
        endpoint(Map.of(
                "mode",
                "PUSH",
                "url",
                simulator.url("/city/" + tenant + "/changes").toString(),
                "mapping",
                Map.of("outbound", Map.of("caseNo", "cityTicketNo", "action", "kind", "opinion", "data.text"))));
        List<String> keys = enqueue(20, "chg");
        // enqueueing the same change again writes nothing
        TenantId id = TenantId.of(tenant);
        assertThat(tx.run(
                                id,
                                outbox.enqueue(
                                        id,
                                        new CityChange(
                                                keys.getFirst(),
                                                CityChange.Kind.REPLIED,
                                                "SZ-" + keys.getFirst(),
                                                null,
                                                Instant.now(),
                                                Map.of())))
                        .block())
                .isEqualTo(CityOutbox.Enqueued.ALREADY_ENQUEUED);
        await(Duration.ofSeconds(60), () -> received().path("effects").asLong() == 20);
        JsonNode summary = received();
        assertThat(summary.path("copiesPerKey").propertyNames()).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(summary.path("rejected").asLong()).isZero();
        List<String> bodies = city.get()
                .uri("/city/received/{t}/bodies", tenant)
                .exchange()
                .expectBody(new org.springframework.core.ParameterizedTypeReference<List<String>>() {})
                .returnResult()
                .getResponseBody();
        assertThat(bodies).allSatisfy(body -> assertThat(body)
                .contains("\"caseNo\":\"SZ-chg-")
                .contains("\"action\":\"REPLIED\"")
                .contains("\"opinion\":\"已处理完毕\"")
                .doesNotContain("tenant"));
        await(
                Duration.ofSeconds(10),
                () -> CityTestSupport.count(
                                "SELECT count(*) FROM city_delivery WHERE tenant_id = ? AND status = 'DELIVERED'",
                                tenant)
                        == 20);
        assertThat(CityTestSupport.count(
                        "SELECT count(*) FROM city_outbox WHERE tenant_id = ? AND relayed_at IS NULL", tenant))
                .isZero();
    }

    @Test
    void rotatingTheOutboundSecretKeepsDeliveriesFlowing() throws Exception {
        String next = outboundSecret();
        // the city has already switched to the new secret only: we still sign with both
        cityTrusts(List.of(next));
        enqueue(5, "rot");
        await(Duration.ofSeconds(60), () -> received().path("effects").asLong() == 5);
        assertThat(received().path("rejected").asLong()).isZero();
    }

    @Test
    void aChangeTheCityNeverTakesEndsInTheDeadLetterTopicWithAnAlertRow() throws Exception {
        int closed = ChildJvm.freePort();
        endpoint(Map.of("mode", "PUSH", "url", "http://127.0.0.1:" + closed + "/city/changes"));
        String key = enqueue(1, "dead").getFirst();
        await(
                Duration.ofSeconds(60),
                () -> CityTestSupport.count(
                                "SELECT count(*) FROM city_delivery WHERE tenant_id = ? AND status = 'DEAD'", tenant)
                        == 1);
        JsonNode dead = http.get()
                .uri("/tenants/{t}/city/dead-letters", tenant)
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).path("idempotencyKey").stringValue()).isEqualTo(key);
        assertThat(dead.get(0).path("attempts").asInt()).isEqualTo(4);
        assertThat(dead.get(0).path("lastError").stringValue()).isNotBlank();
        // the message itself is on the tenant's dead-letter topic
        URI stats = TestStackAdmin.topicStats(tenant, "city/outbound-dlq");
        assertThat(TestStackAdmin.get(stats)).contains("\"msgInCounter\":1");

        // fixed: the endpoint is the simulator now; the administrator re-drives the dead change
        endpoint(Map.of(
                "mode",
                "PUSH",
                "url",
                simulator.url("/city/" + tenant + "/changes").toString()));
        http.post()
                .uri("/tenants/{t}/city/dead-letters/{k}/redrive", tenant, key)
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectStatus()
                .isAccepted();
        await(Duration.ofSeconds(60), () -> received().path("effects").asLong() == 1);
        await(
                Duration.ofSeconds(10),
                () -> CityTestSupport.count(
                                "SELECT count(*) FROM city_delivery WHERE tenant_id = ? AND status = 'DELIVERED'",
                                tenant)
                        == 1);
        http.get()
                .uri("/tenants/{t}/city/dead-letters", tenant)
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(0);
        http.post()
                .uri("/tenants/{t}/city/dead-letters/{k}/redrive", tenant, key)
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void aPollingCityReadsTheChangesFromThePullQueue() throws Exception {
        endpoint(Map.of("mode", "PULL", "mapping", Map.of("outbound", Map.of("caseNo", "cityTicketNo"))));
        WebhookSecret inbound = WebhookSecret.parse(http.post()
                .uri("/tenants/{t}/city/inbound-secrets", tenant)
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .path("secret")
                .stringValue());
        List<String> keys = enqueue(3, "pull");
        await(
                Duration.ofSeconds(60),
                () -> CityTestSupport.count("SELECT count(*) FROM city_pull_item WHERE tenant_id = ?", tenant) == 3);
        JsonNode page = http.get()
                .uri("/hooks/city/{t}/changes?after=0&limit=2", tenant)
                .headers(h -> CityTestSupport.sign(h, "poll-" + UUID.randomUUID(), "", List.of(inbound)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(page.path("items")).hasSize(2);
        assertThat(page.path("items").get(0).path("body").path("caseNo").stringValue())
                .startsWith("SZ-pull-");
        long next = page.path("next").asLong();
        JsonNode rest = http.get()
                .uri("/hooks/city/{t}/changes?after={n}", tenant, next)
                .headers(h -> CityTestSupport.sign(h, "poll-" + UUID.randomUUID(), "", List.of(inbound)))
                .exchange()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(rest.path("items")).hasSize(1);
        assertThat(keys)
                .contains(rest.path("items").get(0).path("idempotencyKey").stringValue());
        http.get()
                .uri("/hooks/city/{t}/changes", tenant)
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void theSimulatorsSignedPushesAreAcceptedOnceAndItsRepeatsReplayed() {
        WebhookSecret inbound = WebhookSecret.parse(http.post()
                .uri("/tenants/{t}/city/inbound-secrets", tenant)
                .headers(h -> h.setBearerAuth(admin))
                .exchange()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .path("secret")
                .stringValue());
        city.put()
                .uri("/city/target")
                .bodyValue(Map.of("url", "http://127.0.0.1:" + port))
                .exchange()
                .expectStatus()
                .isOk();
        city.put()
                .uri("/city/tenants/{t}", tenant)
                .bodyValue(Map.of("signingSecret", inbound.encoded(), "verifyingSecrets", List.of()))
                .exchange()
                .expectStatus()
                .isOk();
        String no = "SZ-" + UUID.randomUUID();
        String ticket = "{\"cityTicketNo\":\"" + no + "\",\"title\":\"噪音\",\"content\":\"夜间施工噪音\"}";
        String id = city.post()
                .uri("/city/{t}/push/tickets", tenant)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ticket)
                .exchange()
                .expectStatus()
                .isCreated()
                .returnResult(String.class)
                .getResponseHeaders()
                .getFirst("webhook-id");
        city.post()
                .uri("/city/{t}/push/tickets", tenant)
                .header("X-Webhook-Id", id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ticket)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.result")
                .isEqualTo("ACCEPTED");
        city.post()
                .uri("/city/{t}/push/urges", tenant)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"cityTicketNo\":\"" + no + "\",\"reason\":\"催办\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.urges")
                .isEqualTo(1);
        assertThat(CityTestSupport.count(
                        "SELECT count(*) FROM ticket WHERE tenant_id = ? AND channel = 'CITY_PLATFORM' AND external_ref = ?",
                        tenant,
                        no))
                .isEqualTo(1);
    }

    @Test
    void theDemoLinkWiresATenantToTheSimulatorBothWays() throws Exception {
        tenant = DEMO;
        CityTestSupport.pulsarNamespace(DEMO);
        city.put()
                .uri("/city/target")
                .bodyValue(Map.of("url", "http://127.0.0.1:" + port))
                .exchange()
                .expectStatus()
                .isOk();
        String ticket = "{\"cityTicketNo\":\"SZ-demo-1\",\"title\":\"演示\",\"content\":\"演示工单\"}";
        // the link runs in the background once the service is ready: the simulator can sign when it is done
        await(Duration.ofSeconds(60), () -> city.post()
                .uri("/city/{t}/push/tickets", DEMO)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ticket)
                .exchange()
                .returnResult(String.class)
                .getStatus()
                .is2xxSuccessful());
        enqueue(2, "demo");
        await(Duration.ofSeconds(60), () -> received().path("effects").asLong() == 2);
        assertThat(received().path("rejected").asLong()).isZero();
    }
}

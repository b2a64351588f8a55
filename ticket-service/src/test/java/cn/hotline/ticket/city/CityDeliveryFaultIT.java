package cn.hotline.ticket.city;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * The fault test of issue 6: 1,000 changes forwarded while the city fails 5 % of requests and stalls 2 % past our
 * timeout, and the delivery worker (its own JVM) is killed with SIGKILL twice. Afterwards nothing is lost and the city
 * saw exactly one effect per idempotency key. This JVM runs the outbox relay only.
 */
@RealServers
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "cc.ticket.city.relay-enabled=true",
            "cc.ticket.city.worker-enabled=false",
            "cc.ticket.city.relay-interval=200ms"
        })
@ContextConfiguration(initializers = TestTokens.Initializer.class)
@DirtiesContext
class CityDeliveryFaultIT {

    static final int CHANGES = 1000;
    static final Map<String, String> WORKER = Map.of(
            "cc.ticket.city.request-timeout", "1s",
            "cc.ticket.city.initial-backoff", "200ms",
            "cc.ticket.city.max-backoff", "2s",
            "cc.ticket.city.max-attempts", "60",
            "cc.ticket.city.tenant-refresh", "500ms");

    @LocalServerPort
    int port;

    @Autowired
    CityOutbox outbox;

    @Autowired
    CityTransactions tx;

    @Test
    void nothingIsLostAndEachKeyHasOneEffectWhileTheCityFailsAndTheWorkerIsKilledTwice() throws Exception {
        String tenant = CityTestSupport.newTenant("cityfault");
        String admin = TestTokens.user(tenant, Role.TENANT_ADMIN);
        CityTestSupport.pulsarNamespace(tenant);
        WebTestClient http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        try (ChildJvm simulator = ChildJvm.simulator(Map.of(
                        "cc.city-sim.failure-rate", "0.05",
                        "cc.city-sim.timeout-rate", "0.02",
                        "cc.city-sim.timeout-delay", "3s"))
                .awaitHealthy(Duration.ofSeconds(90))) {
            WebTestClient city = WebTestClient.bindToServer()
                    .baseUrl("http://127.0.0.1:" + simulator.port)
                    .responseTimeout(Duration.ofSeconds(30))
                    .build();
            String secret = http.post()
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
            city.put()
                    .uri("/city/tenants/{t}", tenant)
                    .bodyValue(Map.of("verifyingSecrets", List.of(secret)))
                    .exchange()
                    .expectStatus()
                    .isOk();
            http.put()
                    .uri("/tenants/{t}/city/endpoint", tenant)
                    .headers(h -> h.setBearerAuth(admin))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of(
                            "mode",
                            "PUSH",
                            "url",
                            simulator.url("/city/" + tenant + "/changes").toString()))
                    .exchange()
                    .expectStatus()
                    .isOk();

            List<String> keys = enqueue(tenant);
            long started = System.nanoTime();
            List<Long> killedAt = new ArrayList<>();
            for (long threshold : List.of(CHANGES / 4L, CHANGES * 3L / 5)) {
                ChildJvm worker = ChildJvm.worker(WORKER).awaitHealthy(Duration.ofSeconds(120));
                try {
                    CityDeliveryIT.await(Duration.ofMinutes(3), () -> effects(city, tenant) >= threshold);
                } finally {
                    worker.kill(); // SIGKILL: no shutdown hook, no graceful close of the Pulsar consumer
                }
                killedAt.add(effects(city, tenant));
            }
            try (ChildJvm last = ChildJvm.worker(WORKER).awaitHealthy(Duration.ofSeconds(120))) {
                CityDeliveryIT.await(Duration.ofMinutes(5), () -> effects(city, tenant) >= CHANGES);
                // let redeliveries of in-flight messages and stalled answers settle before judging
                CityDeliveryIT.await(
                        Duration.ofMinutes(1),
                        () -> CityTestSupport.count(
                                        "SELECT count(*) FROM city_delivery WHERE tenant_id = ? AND status = 'DELIVERED'",
                                        tenant)
                                == CHANGES);
                Thread.sleep(5000);
                JsonNode summary = summary(city, tenant);
                assertThat(summary.path("effects").asLong()).isEqualTo(CHANGES);
                assertThat(summary.path("copiesPerKey").propertyNames()).containsExactlyInAnyOrderElementsOf(keys);
                assertThat(summary.path("conflicts").asLong()).isZero();
                assertThat(summary.path("rejected").asLong()).isZero();
                assertThat(summary.path("injectedFailures").asLong()).isPositive();
                assertThat(summary.path("injectedTimeouts").asLong()).isPositive();
                assertThat(CityTestSupport.count(
                                "SELECT count(*) FROM city_delivery WHERE tenant_id = ? AND status = 'DEAD'", tenant))
                        .isZero();
                System.out.printf(
                        "city fault test: %d changes, %d effects, %d signed requests, %d injected failures, %d"
                                + " injected stalls, %d duplicate copies absorbed by the key, worker killed at %s"
                                + " effects, %.1f s%n",
                        CHANGES,
                        summary.path("effects").asLong(),
                        summary.path("requests").asLong(),
                        summary.path("injectedFailures").asLong(),
                        summary.path("injectedTimeouts").asLong(),
                        summary.path("duplicates").asLong(),
                        killedAt,
                        (System.nanoTime() - started) / 1e9);
            }
        }
    }

    private List<String> enqueue(String tenant) {
        TenantId id = TenantId.of(tenant);
        List<String> keys = new ArrayList<>();
        for (int batch = 0; batch < CHANGES / 100; batch++) {
            List<String> chunk = java.util.stream.IntStream.range(0, 100)
                    .mapToObj(i -> "fault-" + UUID.randomUUID())
                    .toList();
            tx.run(
                            id,
                            Flux.fromIterable(chunk)
                                    .concatMap(key -> outbox.enqueue(
                                            id,
                                            new CityChange(
                                                    key,
                                                    CityChange.Kind.PROGRESS,
                                                    "SZ-" + key,
                                                    null,
                                                    Instant.now(),
                                                    Map.of("text", "正在处理"))))
                                    .then())
                    .block(Duration.ofSeconds(60));
            keys.addAll(chunk);
        }
        return keys;
    }

    private static long effects(WebTestClient city, String tenant) {
        return summary(city, tenant).path("effects").asLong();
    }

    private static JsonNode summary(WebTestClient city, String tenant) {
        return city.get()
                .uri("/city/received?tenant={t}", tenant)
                .exchange()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }
}

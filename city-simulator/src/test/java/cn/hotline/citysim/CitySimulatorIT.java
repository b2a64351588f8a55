package cn.hotline.citysim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "cc.city-sim.timeout-delay=1500ms")
class CitySimulatorIT {

    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);

    @LocalServerPort
    int port;

    WebTestClient http;

    @BeforeEach
    void reset() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10))
                .build();
        http.delete().uri("/city/received").exchange().expectStatus().isNoContent();
        http.put()
                .uri("/city/faults")
                .bodyValue(Map.of("failureRate", 0, "timeoutRate", 0))
                .exchange();
        http.put()
                .uri("/city/tenants/shushan")
                .bodyValue(Map.of("signingSecret", SECRET, "verifyingSecrets", List.of(SECRET)))
                .exchange()
                .expectStatus()
                .isOk();
    }

    WebTestClient.ResponseSpec deliver(String key, String body, String secret) {
        long now = Instant.now().getEpochSecond();
        return http.post()
                .uri("/city/shushan/changes")
                .contentType(MediaType.APPLICATION_JSON)
                .header("webhook-id", key)
                .header("webhook-timestamp", Long.toString(now))
                .header(
                        "webhook-signature",
                        Signatures.sign(key, now, body.getBytes(StandardCharsets.UTF_8), List.of(secret)))
                .bodyValue(body)
                .exchange();
    }

    @Test
    void keepsOneEffectPerKeyAndCountsCopies() {
        deliver("key-00000001", "{\"kind\":\"REPLIED\"}", SECRET)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.result")
                .isEqualTo("NEW");
        deliver("key-00000001", "{\"kind\":\"REPLIED\"}", SECRET)
                .expectBody()
                .jsonPath("$.result")
                .isEqualTo("DUPLICATE");
        deliver("key-00000001", "{\"kind\":\"CLOSED\"}", SECRET)
                .expectBody()
                .jsonPath("$.result")
                .isEqualTo("CONFLICT");
        http.get()
                .uri("/city/received?tenant=shushan")
                .exchange()
                .expectBody()
                .jsonPath("$.effects")
                .isEqualTo(1)
                .jsonPath("$.duplicates")
                .isEqualTo(1)
                .jsonPath("$.conflicts")
                .isEqualTo(1)
                .jsonPath("$.copiesPerKey['key-00000001']")
                .isEqualTo(3);
    }

    @Test
    void refusesDeliveriesItCannotVerify() {
        String other = "whsec_"
                + Base64.getEncoder().encodeToString(new byte[] {
                    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24
                });
        deliver("key-00000002", "{}", other).expectStatus().isUnauthorized();
        http.get()
                .uri("/city/received")
                .exchange()
                .expectBody()
                .jsonPath("$.effects")
                .isEqualTo(0)
                .jsonPath("$.rejected")
                .isEqualTo(1);
    }

    @Test
    void injectedFailuresHaveNoEffectAndStallsHaveALateAnswer() {
        http.put()
                .uri("/city/faults")
                .bodyValue(Map.of("failureRate", 1, "timeoutRate", 0))
                .exchange();
        deliver("key-00000003", "{}", SECRET).expectStatus().isEqualTo(503);
        http.get()
                .uri("/city/received")
                .exchange()
                .expectBody()
                .jsonPath("$.effects")
                .isEqualTo(0);

        http.put()
                .uri("/city/faults")
                .bodyValue(Map.of("failureRate", 0, "timeoutRate", 1))
                .exchange();
        long start = System.nanoTime();
        deliver("key-00000004", "{}", SECRET).expectStatus().isOk();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
        http.get()
                .uri("/city/received")
                .exchange()
                .expectBody()
                .jsonPath("$.effects")
                .isEqualTo(1)
                .jsonPath("$.injectedTimeouts")
                .isEqualTo(1);
    }
}

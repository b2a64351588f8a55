package cn.hotline.tenant.quota;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.tenant.testing.TenantServiceTest;
import cn.hotline.tenant.testing.TestClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

@TenantServiceTest
class QuotaIT {

    private static final String TOKEN = TestTokens.INTERNAL_TOKEN;

    @LocalServerPort
    int port;

    @Autowired
    QuotaManagement quotas;

    @Autowired
    ReactiveStringRedisTemplate redis;

    WebTestClient http;
    String slug;

    @BeforeEach
    void provisionTenant() {
        http = TestClients.operator(port);
        slug = "quota-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        http.post()
                .uri("/platform/tenants")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "slug",
                        slug,
                        "name",
                        "配额区",
                        "kind",
                        "DISTRICT",
                        "hotlineNumbers",
                        List.of("055100000000"),
                        "admin",
                        Map.of("username", "admin", "displayName", "管理员", "initialPassword", "a-long-initial-secret"),
                        "quotas",
                        Map.of("seats", 3, "concurrentCalls", 2, "recordingStorageMb", 100, "apiRequestsPerSecond", 5)))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("ACTIVE");
    }

    WebTestClient.ResponseSpec acquire(String kind, long amount) {
        return http.post()
                .uri("/internal/tenants/" + slug + "/quotas/" + kind + "/acquire")
                .header("X-Internal-Token", TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("amount", amount))
                .exchange();
    }

    String used(String kind) {
        return redis.<String, String>opsForHash()
                .get("t:" + slug + ":quota", "used:" + kind)
                .block(Duration.ofSeconds(5));
    }

    @Test
    void acquiringBeyondTheLimitIsAProblemAndChangesNothing() {
        acquire("seats", 2)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.used")
                .isEqualTo(2)
                .jsonPath("$.limit")
                .isEqualTo(3);
        acquire("seats", 1)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.used")
                .isEqualTo(3);
        acquire("seats", 1)
                .expectStatus()
                .isEqualTo(429)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("TENANT_QUOTA_EXCEEDED")
                .jsonPath("$.quota")
                .isEqualTo("seats")
                .jsonPath("$.limit")
                .isEqualTo(3)
                .jsonPath("$.used")
                .isEqualTo(3);
        assertThat(used("SEATS")).isEqualTo("3");

        http.post()
                .uri("/internal/tenants/" + slug + "/quotas/seats/release")
                .header("X-Internal-Token", TOKEN)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.used")
                .isEqualTo(2);
        acquire("seats", 1).expectStatus().isOk();
    }

    @Test
    void aTenantAdminSeesItsOwnQuotasInUseAndNoOneElseDoes() {
        acquire("seats", 2).expectStatus().isOk();
        acquire("recording-storage-mb", 40).expectStatus().isOk();
        WebTestClient.BodyContentSpec body = TestClients.bearer(port, TestTokens.user(slug, Role.TENANT_ADMIN))
                .get()
                .uri("/tenants/" + slug + "/quotas")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody();
        body.jsonPath("$.tenant")
                .isEqualTo(slug)
                .jsonPath("$.quotas.length()")
                .isEqualTo(4)
                .jsonPath("$.quotas[?(@.kind == 'SEATS')].used")
                .isEqualTo(List.of(2))
                .jsonPath("$.quotas[?(@.kind == 'SEATS')].limit")
                .isEqualTo(List.of(3))
                .jsonPath("$.quotas[?(@.kind == 'RECORDING_STORAGE_MB')].used")
                .isEqualTo(List.of(40))
                .jsonPath("$.quotas[?(@.kind == 'RECORDING_STORAGE_MB')].unit")
                .isEqualTo(List.of("MiB"))
                .jsonPath("$.quotas[?(@.kind == 'CONCURRENT_CALLS')].limit")
                .isEqualTo(List.of(2))
                .jsonPath("$.quotas[?(@.kind == 'API_REQUESTS_PER_SECOND')].rate")
                .isEqualTo(List.of(true));

        // an agent of the tenant may not; an admin of another tenant does not even see that it exists
        TestClients.bearer(port, TestTokens.user(slug, Role.AGENT))
                .get()
                .uri("/tenants/" + slug + "/quotas")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("FORBIDDEN");
        TestClients.bearer(port, TestTokens.user("other-" + slug, Role.TENANT_ADMIN))
                .get()
                .uri("/tenants/" + slug + "/quotas")
                .exchange()
                .expectStatus()
                .isNotFound();
        TestClients.anonymous(port)
                .get()
                .uri("/tenants/" + slug + "/quotas")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void concurrentAcquiresNeverOvershootTheLimit() {
        TenantId tenant = TenantId.of(slug);
        List<Boolean> granted = Flux.range(0, 40)
                .flatMap(
                        i -> quotas.acquire(tenant, QuotaKind.CONCURRENT_CALLS, 1)
                                .map(decision -> decision instanceof QuotaDecision.Granted)
                                .subscribeOn(Schedulers.parallel()),
                        40)
                .collectList()
                .block(Duration.ofSeconds(20));
        assertThat(granted).filteredOn(Boolean::booleanValue).hasSize(2);
        assertThat(used("CONCURRENT_CALLS")).isEqualTo("2");
    }

    @Test
    void theRequestRateIsLimitedPerSecond() {
        TenantId tenant = TenantId.of(slug);
        List<Boolean> granted = Flux.range(0, 20)
                .concatMap(i -> quotas.acquire(tenant, QuotaKind.API_REQUESTS_PER_SECOND, 1)
                        .map(decision -> decision instanceof QuotaDecision.Granted))
                .collectList()
                .block(Duration.ofSeconds(20));
        // 20 requests fit in at most two one-second windows of 5 each
        assertThat(granted).filteredOn(Boolean::booleanValue).hasSizeBetween(5, 10);
    }

    @Test
    void limitsAreReloadedFromPostgresWhenRedisLostThem() {
        redis.delete("t:" + slug + ":quota").block(Duration.ofSeconds(5));
        acquire("recording-storage-mb", 60)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.limit")
                .isEqualTo(100);
        acquire("recording-storage-mb", 41).expectStatus().isEqualTo(429);
    }

    @Test
    void theOperatorChangesLimitsAndTheChangeIsAudited() {
        http.put()
                .uri("/platform/tenants/" + slug + "/quotas")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                        Map.of("seats", 10, "concurrentCalls", 4, "recordingStorageMb", 200, "apiRequestsPerSecond", 7))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.limits.seats")
                .isEqualTo(10)
                .jsonPath("$.usage[?(@.kind == 'SEATS')].limit")
                .isEqualTo(List.of(10));
        http.put()
                .uri("/platform/tenants/" + slug + "/quotas")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                        Map.of("seats", -1, "concurrentCalls", 4, "recordingStorageMb", 200, "apiRequestsPerSecond", 7))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED");
        http.get()
                .uri("/platform/audit?chain=" + slug + "&limit=1")
                .exchange()
                .expectBody()
                .jsonPath("$[0].action")
                .isEqualTo("quota.changed")
                .jsonPath("$[0].detail")
                .value(detail -> assertThat((String) detail).contains("\"seats\": 10"));
        acquire("seats", 10).expectStatus().isOk();
    }

    @Test
    void aSuspendedTenantTakesNoMoreButMayGiveBackAndReactivationLiftsTheBlock() {
        acquire("concurrent-calls", 1).expectStatus().isOk();
        http.post()
                .uri("/platform/tenants/" + slug + "/suspend")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "contract paused"))
                .exchange()
                .expectStatus()
                .isOk();
        acquire("concurrent-calls", 1)
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("ILLEGAL_TRANSITION");
        // the block survives Redis losing the hash: it is restored from the registry
        redis.delete("t:" + slug + ":quota").block(Duration.ofSeconds(5));
        acquire("concurrent-calls", 1).expectStatus().isEqualTo(409);
        assertThat(used("CONCURRENT_CALLS")).isNull();
        http.post()
                .uri("/platform/tenants/" + slug + "/reactivate")
                .exchange()
                .expectStatus()
                .isOk();
        acquire("concurrent-calls", 2)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.used")
                .isEqualTo(2);
        http.post()
                .uri("/internal/tenants/" + slug + "/quotas/concurrent-calls/release")
                .header("X-Internal-Token", TOKEN)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.used")
                .isEqualTo(1);
    }

    @Test
    void unknownTenantsAndQuotasAreNotFound() {
        http.post()
                .uri("/internal/tenants/no-such-tenant/quotas/seats/acquire")
                .header("X-Internal-Token", TOKEN)
                .exchange()
                .expectStatus()
                .isNotFound();
        acquire("parking-spaces", 1).expectStatus().isNotFound();
        Mono<QuotaUsage> rate = quotas.release(TenantId.of(slug), QuotaKind.API_REQUESTS_PER_SECOND, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rate.block(Duration.ofSeconds(5)))
                .isInstanceOf(ProblemException.class);
    }
}

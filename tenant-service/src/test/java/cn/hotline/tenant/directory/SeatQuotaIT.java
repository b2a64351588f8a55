package cn.hotline.tenant.directory;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.tenant.testing.TenantServiceTest;
import cn.hotline.tenant.testing.TestClients;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Seats take the tenant's seat quota (R-TEN-3): over it, 429 and nothing written; a failed write gives it back. */
@TenantServiceTest
class SeatQuotaIT {

    @LocalServerPort
    int port;

    private String provisionWithSeats(int seats) {
        String slug = "seats-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        TestClients.operator(port)
                .post()
                .uri("/platform/tenants")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "slug", slug,
                        "name", "坐席配额测试",
                        "kind", "DISTRICT",
                        "hotlineNumbers", List.of("12345"),
                        "workstations", List.of(),
                        "admin",
                                Map.of(
                                        "username",
                                        "admin",
                                        "displayName",
                                        "管理员",
                                        "initialPassword",
                                        "a-long-initial-secret"),
                        "quotas",
                                Map.of(
                                        "seats",
                                        seats,
                                        "concurrentCalls",
                                        2,
                                        "recordingStorageMb",
                                        1024,
                                        "apiRequestsPerSecond",
                                        5)))
                .exchange()
                .expectStatus()
                .isCreated();
        return slug;
    }

    private WebTestClient.ResponseSpec addSeat(WebTestClient admin, String tenant, String seatNo) {
        return admin.post()
                .uri("/tenants/{t}/seats", tenant)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("seatNo", seatNo))
                .exchange();
    }

    @Test
    void aSeatOverTheQuotaIsRefusedAndNothingIsWritten() {
        String tenant = provisionWithSeats(2);
        WebTestClient admin = TestClients.bearer(port, TestTokens.user(tenant, Role.TENANT_ADMIN));

        addSeat(admin, tenant, "1001").expectStatus().isCreated();
        addSeat(admin, tenant, "1002").expectStatus().isCreated();
        addSeat(admin, tenant, "1003")
                .expectStatus()
                .isEqualTo(429)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("TENANT_QUOTA_EXCEEDED");

        admin.get()
                .uri("/tenants/{t}/seats", tenant)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(2);
        TestClients.operator(port)
                .get()
                .uri("/platform/tenants/{t}/quotas", tenant)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(body -> assertThat(body).contains("SEATS").contains("\"used\":2"));
    }

    @Test
    void aSeatThatCannotBeWrittenGivesItsQuotaBack() {
        String tenant = provisionWithSeats(2);
        WebTestClient admin = TestClients.bearer(port, TestTokens.user(tenant, Role.TENANT_ADMIN));

        addSeat(admin, tenant, "2001").expectStatus().isCreated();
        // takes the second seat of the quota, then fails on the duplicate number: the seat must be given back
        addSeat(admin, tenant, "2001").expectStatus().isEqualTo(409);
        addSeat(admin, tenant, "2002").expectStatus().isCreated();
        addSeat(admin, tenant, "2003").expectStatus().isEqualTo(429);
    }
}

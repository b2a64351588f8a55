package cn.hotline.tenant.directory;

import static cn.hotline.tenant.directory.TenantApiSupport.bearer;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.tenant.testing.TenantServiceTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@TenantServiceTest
class InternalNumberIT {

    @LocalServerPort
    int port;

    @Autowired
    Roles roles;

    WebTestClient http;
    String tenant;
    String other;
    String hotline;
    String did;

    @BeforeEach
    void setUp() throws Exception {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        tenant = TenantApiSupport.newTenant("ACTIVE");
        other = TenantApiSupport.newTenant("ACTIVE");
        roles.provisionDefaults(tenant).block();
        long unique = ThreadLocalRandom.current().nextLong(1_000_000L, 9_999_999L);
        hotline = "0551-6" + unique; // a landline spelt with a dash in the registry
        did = "0771" + "8" + unique;
        StackEndpoints stack = TestStack.endpoints();
        try (Connection c = DriverManager.getConnection(
                        stack.jdbcUrl("cc_tenant"), stack.dbOwner(), stack.dbOwnerPassword());
                var s = c.prepareStatement("UPDATE tenant SET hotline_numbers = ARRAY[?] WHERE slug = ?")) {
            s.setString(1, hotline);
            s.setString(2, other);
            s.executeUpdate();
        }
        http.post()
                .uri("/tenants/" + tenant + "/numbers")
                .header("Authorization", bearer(tenant, "TENANT_ADMIN", null))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("number", did, "purpose", "12345 DID"))
                .exchange()
                .expectStatus()
                .isCreated();
    }

    private WebTestClient.ResponseSpec ask(String number, String token) {
        return http.get()
                .uri("/internal/numbers/{n}", number)
                .header("X-Internal-Token", token)
                .exchange();
    }

    @Test
    void answersTheTenantOwningADirectoryNumber() {
        ask(did, TestTokens.INTERNAL_TOKEN)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.tenant")
                .isEqualTo(tenant)
                .jsonPath("$.status")
                .isEqualTo("ACTIVE");
    }

    @Test
    void answersTheTenantOfAHotlineNumberInAnySpelling() {
        ask("+86" + hotline.substring(1).replace("-", ""), TestTokens.INTERNAL_TOKEN)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.tenant")
                .isEqualTo(other);
        ask(hotline.replace("-", ""), TestTokens.INTERNAL_TOKEN)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.tenant")
                .isEqualTo(other);
    }

    @Test
    void unknownNumberIs404() {
        ask("0999" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L), TestTokens.INTERNAL_TOKEN)
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("NOT_FOUND");
    }

    @Test
    void refusesCallersWithoutTheInternalToken() {
        ask(did, "not-the-internal-token-at-all").expectStatus().isUnauthorized();
    }
}

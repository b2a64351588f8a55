package cn.hotline.call.admission;

import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@RealServers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BlacklistApiIT {

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
    }

    @LocalServerPort
    int port;

    WebTestClient http;
    String tenant;
    String other;

    @BeforeEach
    void setUp() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        tenant = "bl-" + Uuids.v7().toString().substring(24);
        other = "bl-" + Uuids.v7().toString().substring(24);
    }

    private static String bearer(String tenant, Role role) {
        return "Bearer " + TestTokens.user(tenant, role);
    }

    private WebTestClient.ResponseSpec add(String tenant, String auth, Map<String, Object> body) {
        return http.post()
                .uri("/tenants/{t}/blacklist", tenant)
                .header("Authorization", auth)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    @Test
    void aSupervisorAddsListsAndRemovesEntriesInAnySpellingOfTheNumber() {
        add(tenant, bearer(tenant, Role.SUPERVISOR), Map.of("number", "+86 138-0013-8000", "reason", "骚扰"))
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.number")
                .isEqualTo("13800138000")
                .jsonPath("$.scope")
                .isEqualTo("TENANT");
        http.get()
                .uri("/tenants/{t}/blacklist", tenant)
                .header("Authorization", bearer(tenant, Role.TENANT_ADMIN))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(1)
                .jsonPath("$[0].reason")
                .isEqualTo("骚扰");
        String id = readFirstId();
        http.delete()
                .uri("/tenants/{t}/blacklist/{id}", tenant, id)
                .header("Authorization", bearer(tenant, Role.SUPERVISOR))
                .exchange()
                .expectStatus()
                .isNoContent();
        http.get()
                .uri("/tenants/{t}/blacklist", tenant)
                .header("Authorization", bearer(tenant, Role.SUPERVISOR))
                .exchange()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(0);
        http.delete()
                .uri("/tenants/{t}/blacklist/{id}", tenant, id)
                .header("Authorization", bearer(tenant, Role.SUPERVISOR))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    private String readFirstId() {
        byte[] body = http.get()
                .uri("/tenants/{t}/blacklist", tenant)
                .header("Authorization", bearer(tenant, Role.SUPERVISOR))
                .exchange()
                .expectBody()
                .returnResult()
                .getResponseBodyContent();
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        int start = text.indexOf("\"id\":\"") + 6;
        return text.substring(start, text.indexOf('"', start));
    }

    @Test
    void anotherTenantsListIsInvisibleAndItsEntriesCannotBeRemoved() {
        add(tenant, bearer(tenant, Role.SUPERVISOR), Map.of("number", "13900139000", "reason", "骚扰"))
                .expectStatus()
                .isCreated();
        String id = readFirstId();
        http.get()
                .uri("/tenants/{t}/blacklist", other)
                .header("Authorization", bearer(other, Role.SUPERVISOR))
                .exchange()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(0);
        http.get()
                .uri("/tenants/{t}/blacklist", tenant)
                .header("Authorization", bearer(other, Role.SUPERVISOR))
                .exchange()
                .expectStatus()
                .isNotFound();
        http.delete()
                .uri("/tenants/{t}/blacklist/{id}", other, id)
                .header("Authorization", bearer(other, Role.SUPERVISOR))
                .exchange()
                .expectStatus()
                .isNotFound();
        http.get()
                .uri("/tenants/{t}/blacklist", tenant)
                .header("Authorization", bearer(tenant, Role.SUPERVISOR))
                .exchange()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(1);
    }

    @Test
    void agentsMayNotManageTheBlacklist() {
        add(tenant, bearer(tenant, Role.AGENT), Map.of("number", "13900139000", "reason", "x"))
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("FORBIDDEN");
    }

    @Test
    void badInputIsRefusedWithAProblemAndChangesNothing() {
        String auth = bearer(tenant, Role.TENANT_ADMIN);
        add(tenant, auth, Map.of("number", "not a number", "reason", "x"))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED");
        add(tenant, auth, Map.of("number", "13900139000"))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED");
        add(tenant, auth, Map.of("number", "13900139000", "reason", "x", "expiresAt", "2001-01-01T00:00:00Z"))
                .expectStatus()
                .isBadRequest();
        http.get()
                .uri("/tenants/{t}/blacklist", tenant)
                .header("Authorization", auth)
                .exchange()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(0);
    }

    @Test
    void anExpiredEntryIsNoLongerListed() throws Exception {
        add(
                        tenant,
                        bearer(tenant, Role.SUPERVISOR),
                        Map.of(
                                "number",
                                "13700137000",
                                "reason",
                                "一秒",
                                "expiresAt",
                                Instant.now().plusSeconds(1).toString()))
                .expectStatus()
                .isCreated();
        Thread.sleep(1_500);
        http.get()
                .uri("/tenants/{t}/blacklist", tenant)
                .header("Authorization", bearer(tenant, Role.SUPERVISOR))
                .exchange()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(0);
    }

    @Test
    void onlyTheOperatorKeepsThePlatformList() {
        http.post()
                .uri("/platform/blacklist")
                .header("Authorization", bearer(tenant, Role.TENANT_ADMIN))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("number", "13600136000", "reason", "诈骗"))
                .exchange()
                .expectStatus()
                .isForbidden();
        http.post()
                .uri("/platform/blacklist")
                .header("Authorization", "Bearer " + TestTokens.operator())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("number", "013600136000", "reason", "诈骗"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.scope")
                .isEqualTo("PLATFORM")
                .jsonPath("$.number")
                .isEqualTo("13600136000");
    }
}

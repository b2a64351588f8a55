package cn.hotline.tenant.directory;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.security.InternalToken;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.tenant.testing.TenantServiceTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.test.web.reactive.server.WebTestClient;

@TenantServiceTest
class DirectoryIT {

    static final String INTERNAL_TOKEN = TestTokens.INTERNAL_TOKEN;
    static final String PASSWORD = "Demo@12345";

    @LocalServerPort
    int port;

    @Autowired
    Roles roles;

    @Autowired
    UserAccounts users;

    WebTestClient http;
    String tenant;
    String other;

    @BeforeEach
    void setUp() throws SQLException {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        tenant = newTenant("ACTIVE");
        other = newTenant("ACTIVE");
    }

    static String newTenant(String status) throws SQLException {
        String slug = "t" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        owner(connection -> {
            try (var s = connection.prepareStatement("INSERT INTO tenant (slug, name, kind, status, spec)"
                    + " VALUES (?, ?, 'DISTRICT', ?, '{}'::jsonb)")) {
                s.setString(1, slug);
                s.setString(2, "测试 " + slug);
                s.setString(3, status);
                s.executeUpdate();
            }
        });
        return slug;
    }

    interface Sql {
        void run(Connection connection) throws SQLException;
    }

    static void owner(Sql sql) throws SQLException {
        StackEndpoints stack = TestStack.endpoints();
        try (Connection c =
                DriverManager.getConnection(stack.jdbcUrl("cc_tenant"), stack.dbOwner(), stack.dbOwnerPassword())) {
            sql.run(c);
        }
    }

    UserView seedUser(String tenantSlug, String username, List<String> roleCodes, String scope) {
        roles.provisionDefaults(tenantSlug).block();
        return users.create(
                        TenantContext.of(TenantId.of(tenantSlug)),
                        tenantSlug,
                        new NewUser(username, "用户 " + username, PASSWORD, scope, roleCodes, null),
                        "test")
                .block();
    }

    WebTestClient.ResponseSpec signIn(String tenantSlug, String username, String password) {
        return http.post()
                .uri("/internal/authentication")
                .header(InternalToken.HEADER, INTERNAL_TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant", tenantSlug, "username", username, "password", password))
                .exchange();
    }

    WebTestClient.RequestHeadersSpec<?> as(
            WebTestClient.RequestHeadersSpec<?> request, String tenantSlug, String roleCodes, String scope) {
        List<cn.hotline.kernel.security.Role> roleList = Arrays.stream(roleCodes.split(","))
                .map(cn.hotline.kernel.security.Role::valueOf)
                .toList();
        return request.header("Authorization", "Bearer " + TestTokens.user(tenantSlug, roleList, scope));
    }

    @Test
    void signInWithTheRightPasswordAnswersTheTokenClaims() {
        UserView agent = seedUser(tenant, "agent01", List.of("AGENT"), null);

        signIn(tenant, "agent01", PASSWORD)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.userId")
                .isEqualTo(agent.id().toString())
                .jsonPath("$.tenant")
                .isEqualTo(tenant)
                .jsonPath("$.roles[0]")
                .isEqualTo("AGENT")
                .jsonPath("$.displayName")
                .isEqualTo("用户 agent01");
    }

    @Test
    void wrongPasswordsAndUnknownUsersAreTheSameBadCredentials() {
        seedUser(tenant, "agent01", List.of("AGENT"), null);

        signIn(tenant, "agent01", "wrong-password")
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("BAD_CREDENTIALS");
        signIn(tenant, "nobody", PASSWORD)
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("BAD_CREDENTIALS");
    }

    @Test
    void fiveFailuresLockTheAccountEvenForTheRightPasswordThenTheLockGrows() throws SQLException {
        seedUser(tenant, "agent02", List.of("AGENT"), null);
        for (int i = 0; i < 4; i++) {
            signIn(tenant, "agent02", "wrong-" + i).expectStatus().isUnauthorized();
        }
        signIn(tenant, "agent02", "wrong-5")
                .expectStatus()
                .isEqualTo(423)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("ACCOUNT_LOCKED")
                .jsonPath("$.retryAfterSeconds")
                .isEqualTo(60);
        signIn(tenant, "agent02", PASSWORD)
                .expectStatus()
                .isEqualTo(423)
                .expectBody()
                .jsonPath("$.retryAfterSeconds")
                .value(seconds -> assertThat(((Number) seconds).intValue()).isBetween(50, 60));

        expireLock(tenant, "agent02");
        for (int i = 0; i < 4; i++) {
            signIn(tenant, "agent02", "again-" + i).expectStatus().isUnauthorized();
        }
        signIn(tenant, "agent02", "again-5")
                .expectStatus()
                .isEqualTo(423)
                .expectBody()
                .jsonPath("$.retryAfterSeconds")
                .isEqualTo(120);

        expireLock(tenant, "agent02");
        signIn(tenant, "agent02", PASSWORD).expectStatus().isOk();
    }

    private static void expireLock(String tenantSlug, String username) throws SQLException {
        owner(c -> {
            // RLS is forced for the owner too: act as the tenant
            try (var bind = c.prepareStatement("SELECT set_config('app.tenant_id', ?, false)")) {
                bind.setString(1, tenantSlug);
                bind.execute();
            }
            try (var s = c.prepareStatement("UPDATE directory_user SET locked_until = now() - interval '1 second'"
                    + " WHERE tenant_id = ? AND username = ?")) {
                s.setString(1, tenantSlug);
                s.setString(2, username);
                assertThat(s.executeUpdate()).isEqualTo(1);
            }
        });
    }

    @Test
    void unknownAndInactiveTenantsAnswerNotFound() throws SQLException {
        String suspended = newTenant("SUSPENDED");
        seedUser(suspended, "agent01", List.of("AGENT"), null);

        signIn(suspended, "agent01", PASSWORD)
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("NOT_FOUND");
        signIn("no-such-tenant", "agent01", PASSWORD).expectStatus().isNotFound();
    }

    @Test
    void internalApiRefusesCallsWithoutTheInternalToken() {
        http.post()
                .uri("/internal/authentication")
                .header(InternalToken.HEADER, "guess")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant", tenant, "username", "x", "password", "y"))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("UNAUTHENTICATED");
        http.get()
                .uri("/internal/tenants/{t}/clients/{c}", tenant, "any")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void tenantAdminIssuesTheCityPlatformSecretOnceAndAuthServerCanVerifyIt() {
        roles.provisionDefaults(tenant).block();
        var issued = as(
                        http.post()
                                .uri("/tenants/{t}/clients", tenant)
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("clientId", "city-platform")),
                        tenant,
                        "TENANT_ADMIN",
                        null)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();
        String secret = (String) issued.get("clientSecret");

        var registration = http.get()
                .uri("/internal/tenants/{t}/clients/{c}", tenant, "city-platform")
                .header(InternalToken.HEADER, INTERNAL_TOKEN)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();
        String hash = (String) registration.get("secretHash");
        assertThat(hash).startsWith("{argon2@SpringSecurity_v5_8}").doesNotContain(secret);
        assertThat(PasswordEncoderFactories.createDelegatingPasswordEncoder().matches(secret, hash))
                .isTrue();
        assertThat(registration.get("grantTypes")).isEqualTo(List.of("client_credentials"));
        assertThat(registration.get("roles")).isEqualTo(List.of("CITY_PLATFORM"));

        // rotation: the old secret stops matching
        as(
                        http.post()
                                .uri("/tenants/{t}/clients", tenant)
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("clientId", "city-platform")),
                        tenant,
                        "TENANT_ADMIN",
                        null)
                .exchange()
                .expectStatus()
                .isCreated();
        String rotated = (String) http.get()
                .uri("/internal/tenants/{t}/clients/{c}", tenant, "city-platform")
                .header(InternalToken.HEADER, INTERNAL_TOKEN)
                .exchange()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody()
                .get("secretHash");
        assertThat(PasswordEncoderFactories.createDelegatingPasswordEncoder().matches(secret, rotated))
                .isFalse();

        // another tenant does not have it
        http.get()
                .uri("/internal/tenants/{t}/clients/{c}", other, "city-platform")
                .header(InternalToken.HEADER, INTERNAL_TOKEN)
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void tenantAdminCreatesListsAndReadsUsersAndDuplicatesConflict() {
        roles.provisionDefaults(tenant).block();
        Map<String, Object> body =
                Map.of("username", "agent10", "displayName", "张三", "password", PASSWORD, "roles", List.of("AGENT"));
        String id = (String) as(
                        http.post()
                                .uri("/tenants/{t}/users", tenant)
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(body),
                        tenant,
                        "TENANT_ADMIN",
                        null)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody()
                .get("id");

        as(http.get().uri("/tenants/{t}/users/{id}", tenant, id), tenant, "TENANT_ADMIN", null)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.displayName")
                .isEqualTo("张三")
                .jsonPath("$.passwordHash")
                .doesNotExist();
        as(
                        http.post()
                                .uri("/tenants/{t}/users", tenant)
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(body),
                        tenant,
                        "TENANT_ADMIN",
                        null)
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("CONFLICT");
    }

    @Test
    void badInputIsA400ProblemAndCreatesNothing() {
        roles.provisionDefaults(tenant).block();
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("username", "Bad Name", "displayName", "x", "password", PASSWORD),
                Map.of("username", "agent11", "displayName", "x", "password", "short"),
                Map.of("username", "agent12", "displayName", "x", "password", PASSWORD, "roles", List.of("NO_SUCH")),
                Map.of("username", "agent13", "displayName", "x", "password", PASSWORD, "scopeUnit", "other.ws"))) {
            as(
                            http.post()
                                    .uri("/tenants/{t}/users", tenant)
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .bodyValue(bad),
                            tenant,
                            "TENANT_ADMIN",
                            null)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("VALIDATION_FAILED");
        }
        assertThat(users.list(TenantContext.of(TenantId.of(tenant)))
                        .collectList()
                        .block())
                .isEmpty();
    }

    @Test
    void foreignTenantsAndForeignIdsAreNotFoundAndMissingPermissionsForbidden() {
        UserView foreign = seedUser(other, "agent01", List.of("AGENT"), null);
        roles.provisionDefaults(tenant).block();

        // the id of another tenant's user, asked through one's own tenant
        as(http.get().uri("/tenants/{t}/users/{id}", tenant, foreign.id()), tenant, "TENANT_ADMIN", null)
                .exchange()
                .expectStatus()
                .isNotFound();
        // another tenant in the path
        as(http.get().uri("/tenants/{t}/users", other), tenant, "TENANT_ADMIN", null)
                .exchange()
                .expectStatus()
                .isNotFound();
        // an agent may not create users
        as(
                        http.post()
                                .uri("/tenants/{t}/users", tenant)
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("username", "x1", "displayName", "x", "password", PASSWORD)),
                        tenant,
                        "AGENT",
                        null)
                .exchange()
                .expectStatus()
                .isForbidden();
        // no caller at all
        http.get().uri("/tenants/{t}/users", tenant).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void workstationSupervisorSeesOnlyItsWorkstationsUsers() {
        seedUser(tenant, "qx-agent", List.of("AGENT"), tenant + ".qingxiu");
        seedUser(tenant, "xx-agent", List.of("AGENT"), tenant + ".xixiangtang");
        seedUser(tenant, "admin", List.of("TENANT_ADMIN"), null);

        List<UserView> seen = as(
                        http.get().uri("/tenants/{t}/users", tenant), tenant, "SUPERVISOR", tenant + ".qingxiu")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(UserView.class)
                .returnResult()
                .getResponseBody();
        assertThat(seen).extracting(UserView::username).containsExactly("qx-agent");

        List<UserView> all = as(http.get().uri("/tenants/{t}/users", tenant), tenant, "SUPERVISOR", null)
                .exchange()
                .expectBodyList(UserView.class)
                .returnResult()
                .getResponseBody();
        assertThat(all).extracting(UserView::username).containsExactlyInAnyOrder("qx-agent", "xx-agent", "admin");
    }

    @Test
    void aDisabledUserCannotSignInUntilEnabledAgainAndOnlyAdminsMayDoIt() {
        UserView user = seedUser(tenant, "leaver", List.of("AGENT"), null);
        for (String role : List.of("AGENT", "SUPERVISOR")) {
            as(
                            http.put()
                                    .uri("/tenants/{t}/users/{id}/status", tenant, user.id())
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .bodyValue(Map.of("status", "DISABLED")),
                            tenant,
                            role,
                            null)
                    .exchange()
                    .expectStatus()
                    .isForbidden();
        }
        as(
                        http.put()
                                .uri("/tenants/{t}/users/{id}/status", tenant, user.id())
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("status", "DISABLED")),
                        tenant,
                        "TENANT_ADMIN",
                        null)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("DISABLED");
        signIn(tenant, "leaver", PASSWORD).expectStatus().isUnauthorized();

        as(
                        http.put()
                                .uri("/tenants/{t}/users/{id}/status", tenant, user.id())
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("status", "GONE")),
                        tenant,
                        "TENANT_ADMIN",
                        null)
                .exchange()
                .expectStatus()
                .isBadRequest();
        as(
                        http.put()
                                .uri("/tenants/{t}/users/{id}/status", other, user.id())
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("status", "ACTIVE")),
                        other,
                        "TENANT_ADMIN",
                        null)
                .exchange()
                .expectStatus()
                .isNotFound();
        as(
                        http.put()
                                .uri("/tenants/{t}/users/{id}/status", tenant, user.id())
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("status", "ACTIVE")),
                        tenant,
                        "TENANT_ADMIN",
                        null)
                .exchange()
                .expectStatus()
                .isOk();
        signIn(tenant, "leaver", PASSWORD).expectStatus().isOk();
    }

    @Test
    void tenantAdminAssignsRolesAndTheNextSignInCarriesThem() {
        UserView user = seedUser(tenant, "clerk01", List.of("AGENT"), null);
        as(
                        http.put()
                                .uri("/tenants/{t}/users/{id}/roles", tenant, user.id())
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("roles", List.of("AGENT", "TICKET_CLERK"))),
                        tenant,
                        "TENANT_ADMIN",
                        null)
                .exchange()
                .expectStatus()
                .isOk();
        signIn(tenant, "clerk01", PASSWORD)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.roles.length()")
                .isEqualTo(2);
    }

    // The schema lint runs once for the whole service in TenantServiceIT (ReactiveServiceContract).
}

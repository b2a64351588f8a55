package cn.hotline.tenant.federation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.tenant.directory.Roles;
import cn.hotline.tenant.directory.TenantApiSupport;
import cn.hotline.tenant.testing.TenantServiceTest;
import cn.hotline.tenant.testing.TestClients;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Federation settings, the internal answer auth-server parses, account sync and federated sign-in, against the real
 * database. The JSON shapes asserted here are those of auth-server's {@code TenantInfo} / {@code Federation} records
 * and of its {@code TenantServiceContract} (ADR 0002 §3 extended by R-TEN-4).
 */
@TenantServiceTest
class FederationIT {

    static final String ISSUER = "https://ias.xuzhou.gov.example/oidc";
    static final String SECRET = "upstream-client-secret-0042";

    @LocalServerPort
    int port;

    @Autowired
    Roles roles;

    private final JsonMapper json = JsonMapper.builder().build();

    String tenant;
    WebTestClient admin;
    WebTestClient internal;

    @BeforeEach
    void setUp() throws SQLException {
        tenant = TenantApiSupport.newTenant("ACTIVE");
        roles.provisionDefaults(tenant).block();
        admin = as("TENANT_ADMIN", null);
        internal = TestClients.internal(port);
    }

    private WebTestClient as(String roleCodes, String scope) {
        return TestClients.anonymous(port)
                .mutate()
                .defaultHeader(HttpHeaders.AUTHORIZATION, TenantApiSupport.bearer(tenant, roleCodes, scope))
                .build();
    }

    private JsonNode configure(Map<String, ?> settings) {
        return body(admin.put()
                .uri("/tenants/{t}/federation", tenant)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(settings)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    }

    private Map<String, Object> settings() {
        return Map.of(
                "issuer",
                ISSUER,
                "clientId",
                "cc-auth-xuzhou",
                "clientSecret",
                SECRET,
                "scopes",
                List.of("profile", "phone"),
                "displayName",
                "徐州市统一身份认证平台");
    }

    private JsonNode body(String text) {
        return json.readTree(text);
    }

    @Test
    void theAdminSetsFederationAndNeverReadsTheSecretBack() throws SQLException {
        JsonNode saved = configure(settings());
        String read = admin.get()
                .uri("/tenants/{t}/federation", tenant)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(saved.get("issuer").asString()).isEqualTo(ISSUER);
        assertThat(saved.get("clientSecretSet").asBoolean()).isTrue();
        assertThat(saved.get("secretSealing").asString()).isEqualTo("SM4");
        assertThat(saved.has("clientSecret")).isFalse();
        assertThat(read).doesNotContain(SECRET).contains("cc-auth-xuzhou");
        assertThat(body(read).get("scopes").values())
                .extracting(JsonNode::asString)
                .containsExactly("openid", "profile", "phone");
        byte[] stored =
                superuserBytes("SELECT client_secret FROM federation_settings WHERE tenant_id = '" + tenant + "'");
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
        assertThat(auditOfTenant()).contains("federation.configured").doesNotContain(SECRET);
    }

    @Test
    void theInternalTenantAnswerCarriesTheFederationAsAuthServerParsesIt() {
        JsonNode before = internalTenant();
        assertThat(before.get("federation").isNull()).isTrue();

        configure(settings());
        JsonNode federation = internalTenant().get("federation");

        assertThat(federation.propertyNames())
                .containsExactlyInAnyOrder("issuer", "clientId", "clientSecret", "scopes", "displayName");
        assertThat(federation.get("issuer").asString()).isEqualTo(ISSUER);
        assertThat(federation.get("clientId").asString()).isEqualTo("cc-auth-xuzhou");
        assertThat(federation.get("clientSecret").asString()).isEqualTo(SECRET);
        assertThat(federation.get("displayName").asString()).isEqualTo("徐州市统一身份认证平台");
        assertThat(federation.get("scopes").values())
                .extracting(JsonNode::asString)
                .contains("openid");
    }

    @Test
    void aChangeWithoutASecretKeepsTheStoredOneButTheFirstSettingNeedsIt() {
        Map<String, Object> withoutSecret = new HashMap<>(settings());
        withoutSecret.remove("clientSecret");
        admin.put()
                .uri("/tenants/{t}/federation", tenant)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(withoutSecret)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED");

        configure(settings());
        withoutSecret.put("displayName", "新名称");
        configure(withoutSecret);

        JsonNode federation = internalTenant().get("federation");
        assertThat(federation.get("clientSecret").asString()).isEqualTo(SECRET);
        assertThat(federation.get("displayName").asString()).isEqualTo("新名称");
    }

    @Test
    void invalidSettingsAreRefusedAndOtherRolesMayNotTouchThem() {
        admin.put()
                .uri("/tenants/{t}/federation", tenant)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("issuer", "ftp://nope", "clientId", "x", "clientSecret", "y"))
                .exchange()
                .expectStatus()
                .isBadRequest();
        as("AGENT", null)
                .put()
                .uri("/tenants/{t}/federation", tenant)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(settings())
                .exchange()
                .expectStatus()
                .isForbidden();
        admin.get()
                .uri("/tenants/{t}/federation", tenant)
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void syncNeedsAConfiguredFederationAndATenantWideAdmin() {
        Map<String, Object> batch = Map.of("users", List.of(row("s-1", "zhang.san", "张三", List.of("AGENT"), true)));
        sync(admin, batch).expectStatus().isEqualTo(409);
        configure(settings());
        sync(as("AGENT", null), batch).expectStatus().isForbidden();
        sync(as("TENANT_ADMIN", tenant + ".east"), batch).expectStatus().isForbidden();
        sync(admin, Map.of("users", List.of())).expectStatus().isBadRequest();
    }

    @Test
    void syncCreatesLinksUpdatesAndDeactivatesIdempotentlyWithAReportPerRow() throws SQLException {
        configure(settings());
        superuser("INSERT INTO directory_user (tenant_id, id, username, display_name, password_hash, status, roles)"
                + " VALUES ('" + tenant + "', gen_random_uuid(), 'li.si', '李四(本地)', '{noop}x', 'ACTIVE', '{AGENT}')");
        Map<String, Object> batch = Map.of(
                "users",
                List.of(
                        row("s-1", "zhang.san", "张三", List.of("AGENT"), true),
                        row("s-2", "li.si", "李四", List.of("SUPERVISOR"), true),
                        row("s-3", "wang.wu", "王五", List.of("NO_SUCH_ROLE"), true),
                        Map.of("subject", "s-4", "username", "Bad Name!", "displayName", "x", "active", true),
                        row("s-5", "zhao.liu", "赵六", List.of("AGENT"), false)));

        JsonNode first = body(sync(admin, batch)
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());

        assertThat(outcomes(first)).containsExactly("CREATED", "LINKED", "FAILED", "FAILED", "UNCHANGED");
        assertThat(first.get("total").asInt()).isEqualTo(5);
        assertThat(first.get("created").asInt()).isEqualTo(1);
        assertThat(first.get("failed").asInt()).isEqualTo(2);
        assertThat(first.get("rows").get(2).get("message").asString()).contains("NO_SUCH_ROLE");
        assertThat(first.get("rows").get(3).get("message").asString()).contains("username");
        String zhang = first.get("rows").get(0).get("userId").asString();

        JsonNode again = body(sync(admin, batch)
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        assertThat(outcomes(again)).containsExactly("UNCHANGED", "UNCHANGED", "FAILED", "FAILED", "UNCHANGED");
        assertThat(again.get("rows").get(0).get("userId").asString()).isEqualTo(zhang);
        assertThat(superuserLong("SELECT count(*) FROM directory_user WHERE tenant_id = '" + tenant + "'"))
                .isEqualTo(2);

        JsonNode changed = body(sync(
                        admin,
                        Map.of(
                                "users",
                                List.of(
                                        row("s-1", "zhang.san", "张三丰", List.of("AGENT", "SUPERVISOR"), true),
                                        row("s-2", "li.si", "李四", List.of("SUPERVISOR"), false))))
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        assertThat(outcomes(changed)).containsExactly("UPDATED", "DEACTIVATED");
        assertThat(superuserText(
                        "SELECT status FROM directory_user WHERE tenant_id = '" + tenant + "' AND username = 'li.si'"))
                .isEqualTo("DISABLED");
        assertThat(superuserText("SELECT display_name FROM directory_user WHERE id = '" + zhang + "'"))
                .isEqualTo("张三丰");
        assertThat(auditOfTenant()).contains("user.synced", "directory.synced");
    }

    @Test
    void federatedSignInAnswersLikeAPasswordLogin() throws SQLException {
        configure(settings());
        JsonNode report = body(sync(
                        admin,
                        Map.of(
                                "users",
                                List.of(
                                        row("gov-subject-42", "wang.wu", "王五", List.of("AGENT"), true),
                                        row("gov-subject-43", "qian.qi", "钱七", List.of("AGENT"), true))))
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        String wang = report.get("rows").get(0).get("userId").asString();

        JsonNode claims = body(federated(tenant, ISSUER, "gov-subject-42")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        assertThat(claims.propertyNames())
                .containsExactlyInAnyOrder("userId", "tenant", "scopeUnit", "roles", "displayName");
        assertThat(claims.get("userId").asString()).isEqualTo(wang);
        assertThat(claims.get("tenant").asString()).isEqualTo(tenant);
        assertThat(claims.get("roles").values()).extracting(JsonNode::asString).containsExactly("AGENT");
        assertThat(claims.get("displayName").asString()).isEqualTo("王五");

        federated(tenant, ISSUER, "nobody").expectStatus().isNotFound();
        federated(tenant, "https://another.example/oidc", "gov-subject-42")
                .expectStatus()
                .isNotFound();
        federated("platform", ISSUER, "gov-subject-42").expectStatus().isNotFound();

        superuser("UPDATE directory_user SET locked_until = now() + interval '3 minutes' WHERE id = '" + wang + "'");
        federated(tenant, ISSUER, "gov-subject-42")
                .expectStatus()
                .isEqualTo(423)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("ACCOUNT_LOCKED")
                .jsonPath("$.retryAfterSeconds")
                .isNumber();

        sync(admin, Map.of("users", List.of(row("gov-subject-43", "qian.qi", "钱七", List.of("AGENT"), false))))
                .expectStatus()
                .isOk();
        federated(tenant, ISSUER, "gov-subject-43").expectStatus().isNotFound();

        admin.delete()
                .uri("/tenants/{t}/federation", tenant)
                .exchange()
                .expectStatus()
                .isNoContent();
        superuser("UPDATE directory_user SET locked_until = NULL WHERE id = '" + wang + "'");
        federated(tenant, ISSUER, "gov-subject-42").expectStatus().isNotFound();
        assertThat(internalTenant().get("federation").isNull()).isTrue();
        assertThat(auditOfTenant()).contains("login.federated", "login.federated-refused", "federation.removed");
    }

    @Test
    void aSuspendedTenantSignsNobodyInThroughItsUpstreamProvider() throws SQLException {
        configure(settings());
        sync(admin, Map.of("users", List.of(row("gov-1", "sun.ba", "孙八", List.of("AGENT"), true))))
                .expectStatus()
                .isOk();
        federated(tenant, ISSUER, "gov-1").expectStatus().isOk();

        superuser("UPDATE tenant SET status = 'SUSPENDED' WHERE slug = '" + tenant + "'");

        federated(tenant, ISSUER, "gov-1").expectStatus().isNotFound();
    }

    @Test
    void federatedSignInNeedsTheInternalToken() {
        TestClients.anonymous(port)
                .post()
                .uri("/internal/federated-authentication")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant", tenant, "issuer", ISSUER, "subject", "x"))
                .exchange()
                .expectStatus()
                .value(status -> assertThat(status).isIn(401, 403, 404));
    }

    private static Map<String, Object> row(
            String subject, String username, String name, List<String> roleCodes, boolean active) {
        return Map.of(
                "subject", subject,
                "username", username,
                "displayName", name,
                "roles", roleCodes,
                "active", active);
    }

    private static List<String> outcomes(JsonNode report) {
        return report.get("rows").values().stream()
                .map(r -> r.get("outcome").asString())
                .toList();
    }

    private WebTestClient.ResponseSpec sync(WebTestClient client, Map<String, ?> batch) {
        return client.put()
                .uri("/tenants/{t}/directory/sync", tenant)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(batch)
                .exchange();
    }

    private WebTestClient.ResponseSpec federated(String tenantSlug, String issuer, String subject) {
        return internal.post()
                .uri("/internal/federated-authentication")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant", tenantSlug, "issuer", issuer, "subject", subject))
                .exchange();
    }

    private JsonNode internalTenant() {
        return body(internal.get()
                .uri("/internal/tenants/{t}", tenant)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    }

    private String auditOfTenant() {
        return admin.get()
                .uri("/tenants/{t}/audit", tenant)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    private static Connection superuser() throws SQLException {
        StackEndpoints stack = TestStack.endpoints();
        return DriverManager.getConnection(stack.jdbcUrl("cc_tenant"), stack.pgSuperuser(), stack.pgSuperpassword());
    }

    private static void superuser(String sql) throws SQLException {
        try (Connection c = superuser();
                var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static byte[] superuserBytes(String sql) throws SQLException {
        try (Connection c = superuser();
                var s = c.createStatement();
                var r = s.executeQuery(sql)) {
            assertThat(r.next()).isTrue();
            return r.getBytes(1);
        }
    }

    private static String superuserText(String sql) throws SQLException {
        try (Connection c = superuser();
                var s = c.createStatement();
                var r = s.executeQuery(sql)) {
            assertThat(r.next()).isTrue();
            return r.getString(1);
        }
    }

    private static long superuserLong(String sql) throws SQLException {
        try (Connection c = superuser();
                var s = c.createStatement();
                var r = s.executeQuery(sql)) {
            assertThat(r.next()).isTrue();
            return r.getLong(1);
        }
    }
}

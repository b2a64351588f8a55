package cn.hotline.tenant.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.tenant.testing.TenantServiceTest;
import cn.hotline.tenant.testing.TestClients;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

@TenantServiceTest
class AuditLogIT {

    @LocalServerPort
    int port;

    @Autowired
    AuditLog audit;

    WebTestClient http;
    StackEndpoints stack;
    TenantId tenant;

    @BeforeEach
    void setUp() {
        http = TestClients.operator(port);
        stack = TestStack.endpoints();
        tenant =
                TenantId.of("audit-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36));
    }

    private void record(int entries) {
        Flux.range(1, entries)
                .flatMap(
                        i -> audit.record(
                                tenant,
                                "user:" + i,
                                "test.action",
                                "thing:" + i,
                                Map.of("n", i, "text", "第" + i + "条")),
                        8)
                .then()
                .block(Duration.ofSeconds(20));
    }

    private ChainVerification verify() {
        return audit.verify(tenant.value()).block(Duration.ofSeconds(10));
    }

    @Test
    void concurrentAppendsFormOneIntactChainWithoutGaps() {
        record(25);
        assertThat(verify()).isEqualTo(new ChainVerification.Intact(tenant.value(), 25));
        List<AuditEntry> newest =
                audit.entries(tenant.value(), 100, null).collectList().block(Duration.ofSeconds(5));
        assertThat(newest)
                .extracting(AuditEntry::seq)
                .startsWith(25L, 24L)
                .endsWith(1L)
                .hasSize(25);
    }

    @Test
    void theServiceRoleCanNeitherChangeNorDeleteEntries() throws SQLException {
        record(2);
        try (Connection app = DriverManager.getConnection(
                        stack.jdbcUrl("cc_tenant"), stack.dbAppUser(), stack.dbAppPassword());
                Statement s = app.createStatement()) {
            assertThatThrownBy(
                            () -> s.executeUpdate("UPDATE audit_entry SET actor = 'x' WHERE chain = '" + tenant + "'"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_entry WHERE chain = '" + tenant + "'"))
                    .hasMessageContaining("permission denied");
        }
        try (Connection owner = DriverManager.getConnection(
                        stack.jdbcUrl("cc_tenant"), stack.dbOwner(), stack.dbOwnerPassword());
                Statement s = owner.createStatement()) {
            assertThatThrownBy(
                            () -> s.executeUpdate("UPDATE audit_entry SET actor = 'x' WHERE chain = '" + tenant + "'"))
                    .hasMessageContaining("append-only");
        }
        assertThat(verify()).isInstanceOf(ChainVerification.Intact.class);
    }

    @Test
    void verificationFindsAnEntryTheOwnerTamperedWith() throws SQLException {
        record(5);
        tamper("UPDATE audit_entry SET detail = '{\"n\": 99}' WHERE chain = '" + tenant + "' AND seq = 3");
        assertThat(verify())
                .isEqualTo(new ChainVerification.Broken(tenant.value(), 5, 3, "its content does not match its hash"));
    }

    @Test
    void verificationFindsAnEntryTheOwnerRemoved() throws SQLException {
        record(5);
        tamper("DELETE FROM audit_entry WHERE chain = '" + tenant + "' AND seq = 2");
        assertThat(verify())
                .isEqualTo(new ChainVerification.Broken(tenant.value(), 4, 3, "an entry before it is missing"));
    }

    @Test
    void verificationFindsARewrittenEntryEvenWithItsHashRecomputed() throws SQLException {
        record(4);
        // a forger who recomputes the changed entry's own hash still breaks the link of the next entry
        tamper(
                "UPDATE audit_entry SET actor = 'someone-else', hash = audit_hash(prev_hash, chain, seq, at, 'someone-else',"
                        + " action, target, detail) WHERE chain = '" + tenant + "' AND seq = 2");
        assertThat(verify())
                .isEqualTo(new ChainVerification.Broken(
                        tenant.value(), 4, 3, "it does not link to the previous entry's hash"));
    }

    private void tamper(String sql) throws SQLException {
        try (Connection owner = DriverManager.getConnection(
                        stack.jdbcUrl("cc_tenant"), stack.dbOwner(), stack.dbOwnerPassword());
                Statement s = owner.createStatement()) {
            s.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only");
            try {
                s.execute(sql);
            } finally {
                s.execute("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only");
            }
        }
    }

    @Test
    void supportGrantsNeedAReasonAndALimitedTimeAndAreAuditedInTheTenantsChain() {
        String slug = "grant-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        http.post()
                .uri("/platform/tenants")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "slug",
                        slug,
                        "name",
                        "支持区",
                        "kind",
                        "DISTRICT",
                        "hotlineNumbers",
                        List.of("12345"),
                        "admin",
                        Map.of("username", "admin", "displayName", "管理员", "initialPassword", "a-long-initial-secret")))
                .exchange()
                .expectStatus()
                .isCreated();
        http.post()
                .uri("/platform/tenants/" + slug + "/support-grants")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "short"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED");
        http.post()
                .uri("/platform/tenants/" + slug + "/support-grants")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "ticket 4711: calls are not recorded", "minutes", 9 * 60))
                .exchange()
                .expectStatus()
                .isBadRequest();
        http.post()
                .uri("/platform/tenants/" + slug + "/support-grants")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "ticket 4711: calls are not recorded", "minutes", 30))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.tenant")
                .isEqualTo(slug)
                .jsonPath("$.revokedAt")
                .doesNotExist();
        http.post()
                .uri("/platform/tenants/no-such-tenant/support-grants")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "ticket 4711: calls are not recorded"))
                .exchange()
                .expectStatus()
                .isNotFound();

        TestClients.internal(port)
                .get()
                .uri("/internal/tenants/" + slug + "/support-grants/active?operator=operator:operator")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(1)
                .jsonPath("$[0].reason")
                .isEqualTo("ticket 4711: calls are not recorded");
        TestClients.internal(port)
                .get()
                .uri("/internal/tenants/" + slug + "/support-grants/active?operator=operator:someone-else")
                .exchange()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(0);
        WebTestClient admin = TestClients.bearer(port, TestTokens.user(slug, Role.TENANT_ADMIN));
        admin.get()
                .uri("/tenants/" + slug + "/audit?limit=1")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].action")
                .isEqualTo("support.granted")
                .jsonPath("$[0].chain")
                .isEqualTo(slug);
        admin.get()
                .uri("/tenants/" + slug + "/audit/verification")
                .exchange()
                .expectBody()
                .jsonPath("$.entries")
                // provisioning started and finished, the directory's user.created for the admin, support.granted
                .isEqualTo(4);
    }

    @Test
    void aTenantsAuditLogIsOnlyForItsAdminsAndForeignCallersGet404() {
        record(1);
        String slug = tenant.value();
        TestClients.bearer(port, TestTokens.user(slug, Role.TENANT_ADMIN))
                .get()
                .uri("/tenants/" + slug + "/audit")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(1);
        TestClients.bearer(port, TestTokens.user("nanning", Role.TENANT_ADMIN))
                .get()
                .uri("/tenants/" + slug + "/audit")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("NOT_FOUND");
        TestClients.bearer(port, TestTokens.user("nanning", Role.TENANT_ADMIN))
                .get()
                .uri("/tenants/" + slug + "/audit/verification")
                .exchange()
                .expectStatus()
                .isNotFound();
        TestClients.operator(port)
                .get()
                .uri("/tenants/" + slug + "/audit")
                .exchange()
                .expectStatus()
                .isNotFound();
        TestClients.bearer(port, TestTokens.user(slug, Role.AGENT))
                .get()
                .uri("/tenants/" + slug + "/audit")
                .exchange()
                .expectStatus()
                .isForbidden();
        TestClients.anonymous(port)
                .get()
                .uri("/tenants/" + slug + "/audit")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        TestClients.bearer(port, TestTokens.user(slug, Role.TENANT_ADMIN))
                .get()
                .uri("/platform/audit?chain=" + slug)
                .exchange()
                .expectStatus()
                .isForbidden();
    }
}

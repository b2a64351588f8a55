package cn.hotline.tenant.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.tenant.testing.TenantServiceTest;
import cn.hotline.tenant.testing.TestClients;
import io.minio.GetBucketVersioningArgs;
import io.minio.GetObjectLockConfigurationArgs;
import io.minio.MinioAsyncClient;
import io.minio.messages.ObjectLockConfiguration;
import io.minio.messages.RetentionMode;
import io.minio.messages.VersioningConfiguration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.common.policies.data.BacklogQuota;
import org.apache.pulsar.common.policies.data.PublishRate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@TenantServiceTest
class TenantProvisioningIT {

    @LocalServerPort
    int port;

    @Autowired
    PulsarAdmin pulsar;

    @Autowired
    MinioAsyncClient storage;

    @Autowired
    ReactiveStringRedisTemplate redis;

    WebTestClient http;

    @BeforeEach
    void connect() {
        http = TestClients.operator(port);
    }

    static String uniqueSlug(String prefix) {
        return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    static Map<String, Object> spec(String slug, String name) {
        return Map.of(
                "slug", slug,
                "name", name,
                "kind", "CITY",
                "hotlineNumbers", List.of("12345"),
                "workstations",
                        List.of(
                                Map.of("id", "qingxiu", "name", "青秀区"),
                                Map.of("id", slug + ".jiangnan", "name", "江南区")),
                "admin", Map.of("username", "admin", "displayName", "管理员", "initialPassword", "a-long-initial-secret"),
                "quotas",
                        Map.of(
                                "seats",
                                3,
                                "concurrentCalls",
                                2,
                                "recordingStorageMb",
                                1024,
                                "apiRequestsPerSecond",
                                5));
    }

    WebTestClient.ResponseSpec post(Map<String, Object> body) {
        return http.post()
                .uri("/platform/tenants")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    @Test
    void provisionedTenantShowsUpInPostgresPulsarStorageAndRedis() throws Exception {
        String slug = uniqueSlug("city");
        post(spec(slug, "测试市12345"))
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("ACTIVE")
                .jsonPath("$.workstations.length()")
                .isEqualTo(2)
                .jsonPath("$.steps[?(@.status != 'SUCCEEDED')]")
                .isEmpty();

        StackEndpoints stack = TestStack.endpoints();
        try (Connection owner = DriverManager.getConnection(
                        stack.jdbcUrl("cc_tenant"), stack.dbOwner(), stack.dbOwnerPassword());
                Statement s = owner.createStatement()) {
            try (ResultSet rs = s.executeQuery(
                    "SELECT status, spec->'admin'->>'initialPassword' FROM tenant WHERE slug = '" + slug + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ACTIVE");
                assertThat(rs.getString(2)).as("password erased once active").doesNotContain("a-long-initial-secret");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM provisioning_step WHERE tenant_slug = '" + slug
                    + "' AND status = 'SUCCEEDED'")) {
                rs.next();
                assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(5);
            }
            // workstation is under forced RLS: even the owner sees rows only for the bound tenant
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM workstation WHERE tenant_id = '" + slug + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
            s.execute("SELECT set_config('app.tenant_id', '" + slug + "', false)");
            try (ResultSet rs = s.executeQuery("SELECT id FROM workstation ORDER BY id")) {
                List<String> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                assertThat(ids).containsExactly(slug + ".jiangnan", slug + ".qingxiu");
            }
        }

        assertThat(pulsar.tenants().getTenants()).contains(slug);
        assertThat(pulsar.namespaces().getNamespaces(slug))
                .containsExactlyInAnyOrder(slug + "/calls", slug + "/tickets", slug + "/city", slug + "/notices");
        for (String ns : List.of("calls", "tickets", "city", "notices")) {
            Map<BacklogQuota.BacklogQuotaType, BacklogQuota> backlog =
                    pulsar.namespaces().getBacklogQuotaMap(slug + "/" + ns);
            assertThat(backlog.get(BacklogQuota.BacklogQuotaType.destination_storage)
                            .getLimitSize())
                    .isEqualTo(1_073_741_824L);
            PublishRate rate = pulsar.namespaces().getPublishRate(slug + "/" + ns);
            assertThat(rate.publishThrottlingRateInMsg).isEqualTo(1000);
        }

        String bucket = "cc-rec-" + slug;
        VersioningConfiguration versioning = storage.getBucketVersioning(
                        GetBucketVersioningArgs.builder().bucket(bucket).build())
                .get();
        assertThat(versioning.status()).isEqualTo(VersioningConfiguration.Status.ENABLED);
        ObjectLockConfiguration lock = storage.getObjectLockConfiguration(
                        GetObjectLockConfigurationArgs.builder().bucket(bucket).build())
                .get();
        assertThat(lock.mode()).isEqualTo(RetentionMode.COMPLIANCE);
        assertThat(lock.duration().duration()).isGreaterThanOrEqualTo(366);

        Map<String, String> quota = redis.<String, String>opsForHash()
                .entries("t:" + slug + ":quota")
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .block(Duration.ofSeconds(5));
        assertThat(quota).containsEntry("limit:SEATS", "3").containsEntry("limit:CONCURRENT_CALLS", "2");
    }

    @Test
    void repeatingTheSameSpecIsIdempotentAndADifferentSpecConflicts() {
        String slug = uniqueSlug("again");
        post(spec(slug, "重复区")).expectStatus().isCreated();
        post(spec(slug, "重复区"))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.slug")
                .isEqualTo(slug)
                .jsonPath("$.status")
                .isEqualTo("ACTIVE");
        post(spec(slug, "另一个名字"))
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("CONFLICT");
        http.get()
                .uri("/platform/tenants/" + slug)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.name")
                .isEqualTo("重复区");
    }

    @Test
    void aFailingStepLeavesTheTenantVisiblyFailedAndRetryFinishesTheJob() {
        String slug = uniqueSlug("flaky");
        FlakyStep.FAILING.add(slug);
        post(spec(slug, "失败区"))
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("PROVISIONING_FAILED")
                .jsonPath("$.statusReason")
                .value(reason -> assertThat((String) reason).contains("test.flaky"))
                .jsonPath("$.steps[?(@.step == 'test.flaky')].status")
                .isEqualTo(List.of("FAILED"))
                .jsonPath("$.steps[?(@.step == 'redis.quota-keys')].status")
                .isEqualTo(List.of("PENDING"));
        http.get()
                .uri("/internal/tenants/" + slug)
                .header("X-Internal-Token", TestTokens.INTERNAL_TOKEN)
                .exchange()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("PROVISIONING_FAILED");

        FlakyStep.FAILING.remove(slug);
        http.post()
                .uri("/platform/tenants/" + slug + "/retry")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("ACTIVE")
                .jsonPath("$.statusReason")
                .doesNotExist()
                .jsonPath("$.steps[?(@.step == 'test.flaky')].attempts")
                .isEqualTo(List.of(2))
                .jsonPath("$.steps[?(@.step == 'pulsar.namespaces')].attempts")
                .isEqualTo(List.of(1));

        http.post()
                .uri("/platform/tenants/" + slug + "/retry")
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("ILLEGAL_TRANSITION");
    }

    @Test
    void aProvisioningLeftRunningIsTakenOverByRetryOnlyOnceItIsStale() throws Exception {
        String slug = uniqueSlug("stuck");
        FlakyStep.FAILING.add(slug);
        post(spec(slug, "卡住区")).expectStatus().isCreated();
        FlakyStep.FAILING.remove(slug);
        // simulate a run that died mid-way: the tenant stays PROVISIONING, a step RUNNING
        StackEndpoints stack = TestStack.endpoints();
        try (Connection owner = DriverManager.getConnection(
                        stack.jdbcUrl("cc_tenant"), stack.dbOwner(), stack.dbOwnerPassword());
                Statement s = owner.createStatement()) {
            s.executeUpdate(
                    "UPDATE tenant SET status = 'PROVISIONING', status_reason = NULL WHERE slug = '" + slug + "'");
            s.executeUpdate("UPDATE provisioning_step SET status = 'RUNNING', started_at = now(), finished_at = NULL"
                    + " WHERE tenant_slug = '" + slug + "' AND step = 'test.flaky'");
        }
        http.post()
                .uri("/platform/tenants/" + slug + "/retry")
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("ILLEGAL_TRANSITION");

        try (Connection owner = DriverManager.getConnection(
                        stack.jdbcUrl("cc_tenant"), stack.dbOwner(), stack.dbOwnerPassword());
                Statement s = owner.createStatement()) {
            s.executeUpdate("UPDATE tenant SET updated_at = now() - interval '1 hour' WHERE slug = '" + slug + "'");
            s.executeUpdate("UPDATE provisioning_step SET started_at = now() - interval '1 hour',"
                    + " finished_at = least(finished_at, now() - interval '1 hour') WHERE tenant_slug = '" + slug
                    + "'");
        }
        http.post()
                .uri("/platform/tenants/" + slug + "/retry")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("ACTIVE")
                .jsonPath("$.steps[?(@.step == 'test.flaky')].status")
                .isEqualTo(List.of("SUCCEEDED"));
    }

    @Test
    void concurrentRequestsForTheSameSpecProvisionOnce() {
        String slug = uniqueSlug("race");
        List<Integer> statuses = reactor.core.publisher.Flux.range(0, 3)
                .flatMap(i -> reactor.core.publisher.Mono.fromCallable(() -> post(spec(slug, "并发区"))
                                .returnResult(String.class)
                                .getStatus()
                                .value())
                        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()))
                .collectList()
                .block(Duration.ofSeconds(60));
        assertThat(statuses).containsExactlyInAnyOrder(201, 200, 200);
        http.get()
                .uri("/platform/tenants/" + slug)
                .exchange()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("ACTIVE")
                .jsonPath("$.steps[?(@.step == 'pulsar.namespaces')].attempts")
                .isEqualTo(List.of(1));
    }

    @Test
    void deactivatingATenantThatNeverBecameActiveErasesTheAdminsInitialPassword() throws Exception {
        String slug = uniqueSlug("gone");
        FlakyStep.FAILING.add(slug);
        post(spec(slug, "放弃区"))
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("PROVISIONING_FAILED");
        FlakyStep.FAILING.remove(slug);
        http.delete()
                .uri("/platform/tenants/" + slug)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("DEACTIVATED");
        StackEndpoints stack = TestStack.endpoints();
        try (Connection owner = DriverManager.getConnection(
                        stack.jdbcUrl("cc_tenant"), stack.dbOwner(), stack.dbOwnerPassword());
                Statement s = owner.createStatement();
                ResultSet rs = s.executeQuery("SELECT spec::text FROM tenant WHERE slug = '" + slug + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).doesNotContain("a-long-initial-secret");
        }
    }

    @Test
    void badInputIsAProblemAndChangesNothing() {
        String slug = uniqueSlug("bad");
        Map<String, Object> body = new java.util.HashMap<>(spec(slug, "坏"));
        body.put("hotlineNumbers", List.of("not-a-number"));
        post(body).expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        body.put("hotlineNumbers", List.of("12345"));
        body.put("kind", "PLANET");
        post(body).expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        http.get()
                .uri("/platform/tenants/" + slug)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("NOT_FOUND");
    }

    @Test
    void suspendReactivateAndDeactivateFollowTheLifeCycleAndAreAudited() {
        String slug = uniqueSlug("life");
        post(spec(slug, "生命周期区")).expectStatus().isCreated();
        http.post()
                .uri("/platform/tenants/" + slug + "/suspend")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "unpaid invoice"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("SUSPENDED")
                .jsonPath("$.statusReason")
                .isEqualTo("unpaid invoice");
        http.post()
                .uri("/platform/tenants/" + slug + "/suspend")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "again"))
                .exchange()
                .expectStatus()
                .isEqualTo(409);
        http.post()
                .uri("/platform/tenants/" + slug + "/reactivate")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("ACTIVE");
        http.delete()
                .uri("/platform/tenants/" + slug + "?reason=contract ended")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("DEACTIVATED");
        http.post()
                .uri("/platform/tenants/" + slug + "/reactivate")
                .exchange()
                .expectStatus()
                .isEqualTo(409);

        http.get()
                .uri("/platform/audit?chain=" + slug)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[*].action")
                .isEqualTo(List.of(
                        "tenant.deactivated",
                        "tenant.reactivated",
                        "tenant.suspended",
                        "tenant.provisioned",
                        "user.created", // the directory.admin-account step
                        "tenant.provisioning-started"));
        http.get()
                .uri("/platform/audit/" + slug + "/verification")
                .exchange()
                .expectBody()
                .jsonPath("$.entries")
                .isEqualTo(6)
                .jsonPath("$.firstBrokenSeq")
                .doesNotExist();
    }

    @Test
    void onlyTheOperatorReachesTheTenantApi() {
        TestClients.anonymous(port)
                .get()
                .uri("/platform/tenants")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        TestClients.bearer(port, TestTokens.user("nanning", Role.TENANT_ADMIN))
                .get()
                .uri("/platform/tenants")
                .exchange()
                .expectStatus()
                .isForbidden();
        TestClients.bearer(port, TestTokens.user("nanning", Role.TENANT_ADMIN))
                .post()
                .uri("/platform/tenants")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(spec(uniqueSlug("sneaky"), "偷偷"))
                .exchange()
                .expectStatus()
                .isForbidden();
        http.get().uri("/platform/tenants").exchange().expectStatus().isOk();
    }

    @Test
    void internalTenantApiNeedsTheInternalTokenAndAnswersUnknownTenantsWith404() {
        TestClients.anonymous(port)
                .get()
                .uri("/internal/tenants/platform")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        TestClients.anonymous(port)
                .get()
                .uri("/internal/tenants/platform")
                .header("X-Internal-Token", "wrong-token-0123456789")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        http.get()
                .uri("/internal/tenants/platform")
                .header("X-Internal-Token", TestTokens.INTERNAL_TOKEN)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("ACTIVE");
        http.get()
                .uri("/internal/tenants/no-such-tenant")
                .header("X-Internal-Token", TestTokens.INTERNAL_TOKEN)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("NOT_FOUND");
    }
}

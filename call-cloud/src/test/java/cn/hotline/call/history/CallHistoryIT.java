package cn.hotline.call.history;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentSkill;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.kernel.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls run through the ACD end up as call detail records (through the API) and as call events on the tenant's
 * Pulsar topic, in decision order, each once, against the real PostgreSQL, Redis and Pulsar.
 */
@RealServers
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"cc.call.acd.after-call-work=0s", "cc.call.acd.follow-interval=100ms"})
class CallHistoryIT {

    private static final SkillId GENERAL = SkillId.of("general");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    AcdManagement acd;

    @Autowired
    PulsarClient pulsar;

    @Autowired
    DatabaseClient db;

    /** A tenant as provisioning leaves it in Pulsar: its own Pulsar tenant with a {@code calls} namespace. */
    private static TenantId provisionedTenant() throws Exception {
        String slug = "hist-" + Uuids.v7().toString().substring(24);
        String admin = System.getProperty("CC_PULSAR_ADMIN_URL");
        HttpClient http = HttpClient.newHttpClient();
        for (String[] put : new String[][] {
            {"/admin/v2/tenants/" + slug, "{\"allowedClusters\":[\"standalone\"]}"},
            {"/admin/v2/namespaces/" + slug + "/calls", "{}"}
        }) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(admin + put[0]))
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(put[1]))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as(put[0] + ": " + response.body())
                    .isIn(200, 204);
        }
        return TenantId.of(slug);
    }

    private WebTestClient as(TenantId tenant, List<Role> roles, String scope) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(WAIT)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(tenant.value(), roles, scope))
                .build();
    }

    private JsonNode records(TenantId tenant) {
        String body = as(tenant, List.of(Role.SUPERVISOR), null)
                .get()
                .uri("/tenants/{t}/call-records", tenant.value())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        return JSON.readTree(body).get("records");
    }

    private JsonNode awaitRecords(TenantId tenant, int finished) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode records = records(tenant);
        while (System.nanoTime() < deadline) {
            int done = 0;
            for (JsonNode record : records) {
                if (record.get("endedAt") != null && !record.get("endedAt").isNull()) {
                    done++;
                }
            }
            if (done >= finished) {
                return records;
            }
            Thread.sleep(100);
            records = records(tenant);
        }
        return records;
    }

    private static JsonNode byCall(JsonNode records, CallId call) {
        for (JsonNode record : records) {
            if (record.get("callId").stringValue().equals(call.value().toString())) {
                return record;
            }
        }
        throw new AssertionError("no record of call " + call + " in " + records);
    }

    @Test
    void anAnsweredAndAnAbandonedCallLeaveRecordsAndEventsInOrder() throws Exception {
        TenantId tenant = provisionedTenant();
        AgentId agent = AgentId.of("7001");
        CallId answered = CallId.random();
        CallId abandoned = CallId.random();
        try (Consumer<byte[]> events = pulsar.newConsumer(Schema.BYTES)
                .topic("persistent://" + tenant.value() + "/calls/call-events")
                .subscriptionName("test")
                .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
                .subscribe()) {
            acd.enrol(tenant, agent, List.of(new AgentSkill(GENERAL, 5)))
                    .then(acd.signIn(tenant, agent))
                    .then(acd.ready(tenant, agent))
                    .block(WAIT);
            acd.callArrived(tenant, answered, GENERAL, 0).block(WAIT); // offered at once
            acd.answer(tenant, agent, answered).block(WAIT);
            acd.callArrived(tenant, abandoned, GENERAL, 0).block(WAIT); // waits: the agent talks
            acd.abandon(tenant, abandoned).block(WAIT);
            acd.hangUp(tenant, answered).block(WAIT);

            JsonNode records = awaitRecords(tenant, 2);
            JsonNode first = byCall(records, answered);
            assertThat(first.get("outcome").stringValue()).isEqualTo("ANSWERED");
            assertThat(first.get("agent").stringValue()).isEqualTo("7001");
            assertThat(first.get("group").stringValue()).isEqualTo("general");
            assertThat(first.get("offers").intValue()).isEqualTo(1);
            assertThat(first.get("answeredAt").isNull()).isFalse();
            JsonNode second = byCall(records, abandoned);
            assertThat(second.get("outcome").stringValue()).isEqualTo("ABANDONED");
            assertThat(second.get("agent").isNull()).isTrue();
            assertThat(second.get("offers").intValue()).isZero();

            List<String> calls = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            long lastSequence = -1;
            while (!calls.contains("CallAbandoned:" + abandoned) || !calls.contains("CallEnded:" + answered)) {
                Message<byte[]> message = events.receive(30, TimeUnit.SECONDS);
                assertThat(message).as("call events so far: " + calls).isNotNull();
                JsonNode envelope = JSON.readTree(new String(message.getValue(), StandardCharsets.UTF_8));
                assertThat(message.getKey()).isEqualTo(tenant.value());
                assertThat(envelope.get("tenant").get("value").stringValue()).isEqualTo(tenant.value());
                assertThat(ids.add(envelope.get("id").stringValue())).isTrue();
                long sequence = envelope.get("payload").get("sequence").longValue();
                assertThat(sequence).isGreaterThan(lastSequence);
                lastSequence = sequence;
                JsonNode call = envelope.get("payload").get("call");
                if (call != null) {
                    calls.add(envelope.get("type").stringValue() + ":"
                            + call.get("value").stringValue());
                }
                events.acknowledge(message);
            }
            assertThat(calls)
                    .containsSubsequence(
                            "CallArrived:" + answered,
                            "CallOffered:" + answered,
                            "CallAnswered:" + answered,
                            "CallArrived:" + abandoned,
                            "CallQueued:" + abandoned,
                            "CallAbandoned:" + abandoned,
                            "CallEnded:" + answered);
        }
    }

    @Test
    void foldingTheSameDecisionsAgainChangesNoRecord() throws Exception {
        TenantId tenant = provisionedTenant();
        AgentId agent = AgentId.of("7002");
        CallId call = CallId.random();
        acd.enrol(tenant, agent, List.of(new AgentSkill(GENERAL, 5)))
                .then(acd.signIn(tenant, agent))
                .then(acd.ready(tenant, agent))
                .then(acd.callArrived(tenant, call, GENERAL, 0))
                .then(acd.answer(tenant, agent, call))
                .then(acd.hangUp(tenant, call))
                .block(WAIT);
        JsonNode before = byCall(awaitRecords(tenant, 1), call);

        // As if a new writer had started from an old cursor: every decision is folded in again.
        inTenant(
                        tenant,
                        db.sql("UPDATE call_event_cursor SET cdr_upto = 0")
                                .fetch()
                                .rowsUpdated())
                .block(WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        Long upto = 0L;
        while (upto != null && upto == 0L && System.nanoTime() < deadline) {
            Thread.sleep(100);
            upto = inTenant(
                            tenant,
                            db.sql("SELECT cdr_upto FROM call_event_cursor")
                                    .map(row -> row.get("cdr_upto", Long.class))
                                    .one())
                    .block(WAIT);
        }
        assertThat(upto).isPositive();
        assertThat(byCall(records(tenant), call)).isEqualTo(before);
    }

    private <T> reactor.core.publisher.Mono<T> inTenant(TenantId tenant, reactor.core.publisher.Mono<T> work) {
        TransactionalOperator tx = TransactionalOperator.create(new R2dbcTransactionManager(db.getConnectionFactory()));
        return Tenancy.runAs(TenantContext.of(tenant), tx.transactional(work));
    }

    @Test
    void onlyTenantWideSupervisorsAndAdminsOfTheTenantReadRecords() throws Exception {
        TenantId tenant = TenantId.of("hist-" + Uuids.v7().toString().substring(24));
        as(tenant, List.of(Role.AGENT), null)
                .get()
                .uri("/tenants/{t}/call-records", tenant.value())
                .exchange()
                .expectStatus()
                .isForbidden();
        as(tenant, List.of(Role.SUPERVISOR), tenant.value() + ".qingxiu")
                .get()
                .uri("/tenants/{t}/call-records", tenant.value())
                .exchange()
                .expectStatus()
                .isForbidden();
        as(TenantId.of("someone-else"), List.of(Role.SUPERVISOR), null)
                .get()
                .uri("/tenants/{t}/call-records", tenant.value())
                .exchange()
                .expectStatus()
                .value(status -> assertThat(status).isIn(403, 404));
        as(tenant, List.of(Role.TENANT_ADMIN), null)
                .get()
                .uri("/tenants/{t}/call-records?from=yesterday", tenant.value())
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED");
    }
}

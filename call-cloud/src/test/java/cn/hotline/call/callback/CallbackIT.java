package cn.hotline.call.callback;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.acd.domain.CallRouting;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.kernel.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

/** Missed calls land on the must-call-back list once, and agents work it: claim, retry, close. */
@RealServers
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "cc.call.acd.follow-interval=100ms",
            "cc.call.acd.max-queue-length=1",
            "cc.call.callback.short-abandon=0s",
            "cc.call.callback.max-attempts=2"
        })
class CallbackIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SkillId GROUP = SkillId.of("nobody-serves");

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    AcdManagement acd;

    @Autowired
    DatabaseClient db;

    private TenantId tenant = TenantId.of("cb-" + Uuids.v7().toString().substring(24));

    private WebTestClient as(String token) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(WAIT)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .build();
    }

    private JsonNode tasks(String token, String status) {
        return JSON.readTree(as(token)
                        .get()
                        .uri("/tenants/{t}/callbacks?status=" + status, tenant.value())
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody())
                .get("tasks");
    }

    private JsonNode awaitOpen(String token, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode tasks = tasks(token, "OPEN");
        while (tasks.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
            tasks = tasks(token, "OPEN");
        }
        return tasks;
    }

    private WebTestClient.ResponseSpec post(String token, String path, Object body) {
        return as(token)
                .post()
                .uri("/tenants/{t}/callbacks/" + path, tenant.value())
                .bodyValue(body)
                .exchange();
    }

    @Test
    void abandonedAndRefusedCallsBecomeTasksThatAgentsWorkThrough() throws Exception {
        String agent = TestTokens.user(tenant.value(), Role.AGENT);
        String colleague = TestTokens.user(tenant.value(), Role.AGENT);
        CallId abandoned = CallId.random();
        CallId refused = CallId.random();
        assertThat(acd.callArrived(tenant, abandoned, GROUP, 0).block(WAIT)).isInstanceOf(CallRouting.Queued.class);
        assertThat(acd.callArrived(tenant, refused, GROUP, 0).block(WAIT)).isInstanceOf(CallRouting.Rejected.class);
        acd.abandon(tenant, abandoned).block(WAIT);

        JsonNode open = awaitOpen(agent, 2);
        assertThat(open).hasSize(2);
        assertThat(open.findValuesAsString("reason")).containsExactlyInAnyOrder("ABANDONED", "QUEUE_FULL");
        assertThat(open.findValuesAsString("group")).containsOnly("nobody-serves");
        String task = null;
        for (JsonNode t : open) {
            if (t.get("callId").stringValue().equals(abandoned.value().toString())) {
                task = t.get("id").stringValue();
            }
        }
        assertThat(task).isNotNull();

        post(agent, task + "/claim", Map.of()).expectStatus().isOk();
        post(colleague, task + "/claim", Map.of())
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("CONFLICT");
        post(colleague, task + "/complete", Map.of("outcome", "REACHED"))
                .expectStatus()
                .isEqualTo(409);

        // No answer: the task opens again for anyone, one attempt used.
        post(agent, task + "/complete", Map.of("outcome", "NO_ANSWER", "note", "无人接听"))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("OPEN")
                .jsonPath("$.attempts")
                .isEqualTo(1);
        post(colleague, task + "/claim", Map.of()).expectStatus().isOk();
        // The second attempt is the last (max-attempts 2): even "busy" closes it now.
        post(colleague, task + "/complete", Map.of("outcome", "BUSY"))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("DONE")
                .jsonPath("$.outcome")
                .isEqualTo("BUSY");
        assertThat(tasks(agent, "DONE")).hasSize(1);
        assertThat(tasks(agent, "OPEN")).hasSize(1);

        // The day's callback report counts both tasks and how they ended.
        String today =
                java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
        JsonNode day = JSON.readTree(as(TestTokens.user(tenant.value(), Role.SUPERVISOR))
                        .get()
                        .uri("/tenants/{t}/reports/callbacks?from=" + today + "&to=" + today, tenant.value())
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody())
                .get("rows")
                .get(0);
        assertThat(day.get("tasks").longValue()).isEqualTo(2);
        assertThat(day.get("abandoned").longValue()).isEqualTo(1);
        assertThat(day.get("queueFull").longValue()).isEqualTo(1);
        assertThat(day.get("open").longValue()).isEqualTo(1);
        assertThat(day.get("busy").longValue()).isEqualTo(1);
        assertThat(day.get("reachedRate").doubleValue()).isZero();
    }

    @Test
    void replayingDecisionsAddsNoSecondTask() throws Exception {
        String agent = TestTokens.user(tenant.value(), Role.AGENT);
        CallId call = CallId.random();
        acd.callArrived(tenant, call, GROUP, 0).then(acd.abandon(tenant, call)).block(WAIT);
        assertThat(awaitOpen(agent, 1)).hasSize(1);

        TransactionalOperator tx = TransactionalOperator.create(new R2dbcTransactionManager(db.getConnectionFactory()));
        Tenancy.runAs(
                        TenantContext.of(tenant),
                        tx.transactional(db.sql("UPDATE call_event_cursor SET missed_upto = 0")
                                .fetch()
                                .rowsUpdated()))
                .block(WAIT);
        Thread.sleep(1_000); // ten turns of the follower
        Long upto = Tenancy.runAs(
                        TenantContext.of(tenant),
                        tx.transactional(db.sql("SELECT missed_upto FROM call_event_cursor")
                                .map(row -> row.get("missed_upto", Long.class))
                                .one()))
                .block(WAIT);
        assertThat(upto).isPositive();
        assertThat(tasks(agent, "OPEN")).hasSize(1);
    }

    @Test
    void badRequestsAndStrangersAreRefused() {
        String agent = TestTokens.user(tenant.value(), Role.AGENT);
        as(agent)
                .get()
                .uri("/tenants/{t}/callbacks?status=LOST", tenant.value())
                .exchange()
                .expectStatus()
                .isBadRequest();
        post(agent, "not-a-task/claim", Map.of()).expectStatus().isNotFound();
        post(agent, Uuids.v7() + "/complete", Map.of("outcome", "MAYBE"))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED");
        post(agent, Uuids.v7() + "/claim", Map.of()).expectStatus().isNotFound();
        as(TestTokens.user(tenant.value(), List.of(Role.TICKET_CLERK), null))
                .get()
                .uri("/tenants/{t}/callbacks", tenant.value())
                .exchange()
                .expectStatus()
                .isForbidden();
        as(TestTokens.user("someone-else", Role.AGENT))
                .get()
                .uri("/tenants/{t}/callbacks", tenant.value())
                .exchange()
                .expectStatus()
                .value(status -> assertThat(status).isIn(403, 404));
    }
}

package cn.hotline.call.session;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.acd.domain.Acd;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentSkill;
import cn.hotline.call.acd.domain.CallRouting;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.call.callback.CallbackTasks;
import cn.hotline.call.support.MutableClock;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.kernel.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
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
 * Kept callbacks that no agent gets to: a supervisor releases one, or it waits {@code kept-for}; either way its call
 * leaves the queue (no agent is offered it any more) and its task goes on the must-call-back list for anyone to claim.
 * The kept state is made as a caller keying 1 at the wait limit makes it ({@code CallSessions#keepForCallback}):
 * call-sessions' SIP side is covered by {@code CallbackDialIT}.
 */
@RealServers
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"cc.call.acd.follow-interval=100ms"})
class KeptCallbackIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SkillId GROUP = SkillId.of("kept");

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    AcdManagement acd;

    @Autowired
    CallbackTasks callbacks;

    @Autowired
    KeptCallbacks kept;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    DatabaseClient db;

    private final TenantId tenant = TenantId.of("kc-" + Uuids.v7().toString().substring(24));

    private WebTestClient as(String token) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(WAIT)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .build();
    }

    /** A waiting call whose caller kept its place and hung up: its task held by the queue, its number for offers. */
    private CallId keptCall(KeptCallbacks keeper) {
        CallId call = CallId.random();
        assertThat(acd.callArrived(tenant, call, GROUP, 0).block(WAIT)).isInstanceOf(CallRouting.Queued.class);
        assertThat(callbacks
                        .keep(tenant, call, GROUP.value(), Instant.now().minusSeconds(120))
                        .block(WAIT))
                .isTrue();
        keeper.remember(tenant, call, "13912345678").block(WAIT);
        assertThat(acd.leaveQueue(tenant, call, Acd.LeaveReason.CALLBACK).block(WAIT))
                .isTrue();
        assertThat(keptRow(call)).as("persisted kept, for the next writer").isTrue();
        return call;
    }

    private Boolean keptRow(CallId call) {
        return Tenancy.runAs(
                        TenantContext.of(tenant),
                        TransactionalOperator.create(new R2dbcTransactionManager(db.getConnectionFactory()))
                                .transactional(db.sql("SELECT kept FROM acd_call WHERE call_id = :c")
                                        .bind("c", call.value())
                                        .map(row -> row.get("kept", Boolean.class))
                                        .one()))
                .block(WAIT);
    }

    /** The call's task among the tenant's tasks in {@code status}; null when it is not there. */
    private JsonNode task(String status, CallId call) {
        JsonNode tasks = JSON.readTree(as(TestTokens.user(tenant.value(), Role.SUPERVISOR))
                        .get()
                        .uri("/tenants/{t}/callbacks?status=" + status, tenant.value())
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody())
                .get("tasks");
        for (JsonNode task : tasks) {
            if (task.get("callId").stringValue().equals(call.value().toString())) {
                return task;
            }
        }
        return null;
    }

    private JsonNode task(CallId call) {
        return task("OPEN", call);
    }

    /** The id of the call's task while the queue holds it. */
    private String claimedTask(CallId call) {
        JsonNode task = task("CLAIMED", call);
        assertThat(task).as("a claimed task for " + call).isNotNull();
        assertThat(task.get("claimedBy").stringValue()).isEqualTo(CallbackTasks.QUEUE);
        return task.get("id").stringValue();
    }

    /** Kept callbacks waiting in the group, as the wallboard shows them (callers on the line are apart). */
    private int kept() {
        return acd.overview(tenant).block(WAIT).queues().stream()
                .filter(q -> q.group().equals(GROUP.value()))
                .peek(q -> assertThat(q.waiting()).as("no caller on the line").isZero())
                .mapToInt(q -> q.kept())
                .sum();
    }

    private boolean indexed(CallId call) {
        return Boolean.TRUE.equals(redis.opsForZSet()
                .score(KeptCallbacks.INDEX, tenant.value() + "/" + call.value())
                .map(score -> true)
                .defaultIfEmpty(false)
                .block(WAIT));
    }

    @Test
    void aSupervisorReleasesAKeptCallbackToTheListAndNoAgentIsOfferedItAnyMore() {
        CallId call = keptCall(kept);
        assertThat(kept()).as("the kept call keeps its place").isEqualTo(1);
        assertThat(indexed(call)).isTrue();
        String task = claimedTask(call);
        String supervisor = TestTokens.user(tenant.value(), Role.SUPERVISOR);

        as(TestTokens.user(tenant.value(), Role.AGENT))
                .post()
                .uri("/tenants/{t}/callbacks/{id}/release", tenant.value(), task)
                .exchange()
                .expectStatus()
                .isForbidden();
        as(supervisor)
                .post()
                .uri("/tenants/{t}/callbacks/{id}/release", tenant.value(), Uuids.v7())
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("NOT_FOUND");
        assertThat(kept()).as("refusals change nothing").isEqualTo(1);
        assertThat(task(call)).as("still held by the queue").isNull();

        as(supervisor)
                .post()
                .uri("/tenants/{t}/callbacks/{id}/release", tenant.value(), task)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("OPEN");
        JsonNode open = task(call);
        assertThat(open).isNotNull();
        assertThat(open.get("reason").stringValue()).isEqualTo("QUEUE_CALLBACK");
        assertThat(open.get("claimedBy").isNull()).isTrue();
        assertThat(Instant.parse(open.get("dueAt").stringValue())).isBeforeOrEqualTo(Instant.now());
        assertThat(kept()).as("out of the queue").isZero();
        assertThat(indexed(call)).isFalse();
        assertThat(redis.hasKey(KeptCallbacks.numberKey(call)).block(WAIT)).isFalse();

        // an agent going ready is offered nothing
        AgentId agent = AgentId.of("a-" + Uuids.v7().toString().substring(24));
        CallRouting.Offered offered = acd.enrol(tenant, agent, List.of(new AgentSkill(GROUP, 5)))
                .then(acd.signIn(tenant, agent))
                .then(acd.ready(tenant, agent))
                .block(WAIT);
        assertThat(offered).isNull();

        // released once: now it is an ordinary open task
        as(supervisor)
                .post()
                .uri("/tenants/{t}/callbacks/{id}/release", tenant.value(), task)
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("CONFLICT");
    }

    @Test
    void aKeptCallbackThatWaitedKeptForGoesOnTheListByItself() {
        // kept-for one hour; kept 90 minutes before "now" on the keeper's clock, which is then moved
        Instant start = Instant.now();
        MutableClock moving = new MutableClock(start.minus(Duration.ofMinutes(90)));
        KeptCallbacks keeper =
                new KeptCallbacks(redis, acd, callbacks, Duration.ofHours(1), Duration.ofHours(1), moving);
        CallId call = keptCall(keeper);
        CallId fresh = keptCall(kept); // kept just now by the real clock: its hour is not up
        String task = claimedTask(call);

        moving.set(start.minus(Duration.ofMinutes(60))); // 30 minutes kept
        keeper.releaseOverdue().block(WAIT);
        assertThat(task(call)).as("not an hour yet").isNull();
        assertThat(indexed(call)).isTrue();
        assertThat(kept()).isEqualTo(2);

        moving.set(start); // 90 minutes kept
        assertThat(keeper.releaseOverdue().block(WAIT)).isPositive();
        JsonNode open = task(call);
        assertThat(open).as("on the list").isNotNull();
        assertThat(open.get("id").stringValue()).isEqualTo(task);
        assertThat(indexed(call)).isFalse();
        assertThat(kept()).as("the other kept call waits on").isEqualTo(1);
        assertThat(task(fresh)).isNull();
        assertThat(indexed(fresh)).isTrue();
        kept.forget(tenant, fresh).block(WAIT);
    }
}

package cn.hotline.workforce.quality;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.kernel.events.CallEvent;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.workforce.testing.TenantEvents;
import cn.hotline.workforce.testing.WorkforceServiceTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** Quality inspection through the HTTP API, with calls arriving as call-cloud's events on the real Pulsar. */
@WorkforceServiceTest
class QualityApiIT {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @LocalServerPort
    int port;

    WebTestClient http;

    @BeforeEach
    void connect() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60))
                .build();
    }

    /** Calls of a month as call-cloud publishes them: arrival, answer, end (durations in seconds). */
    static final class Month {
        final AtomicLong seq = new AtomicLong(1000);
        final List<CallEvent> events = new ArrayList<>();
        final Map<String, List<UUID>> byAgent = new LinkedHashMap<>();

        UUID call(String agent, String group, Instant answered, long seconds) {
            CallId call = CallId.random();
            events.add(new CallEvent.CallArrived(seq.incrementAndGet(), call, group, 0, answered.minusSeconds(5)));
            events.add(new CallEvent.CallAnswered(seq.incrementAndGet(), call, agent, answered));
            events.add(new CallEvent.CallEnded(seq.incrementAndGet(), call, agent, answered.plusSeconds(seconds)));
            byAgent.computeIfAbsent(agent, a -> new ArrayList<>()).add(call.value());
            return call.value();
        }

        static Instant october(int day, int hour) {
            return LocalDateTime.of(2026, 10, day, hour, 0).atZone(ZONE).toInstant();
        }
    }

    String supervisor(String tenant, String subject) {
        return TestTokens.mint(c -> c.issuer(TestTokens.ISSUER_BASE + "/t/" + tenant)
                .subject(subject)
                .claim("tenant", tenant)
                .claim("roles", List.of(Role.SUPERVISOR.name())));
    }

    String agent(String tenant, String subject) {
        return TestTokens.mint(c -> c.issuer(TestTokens.ISSUER_BASE + "/t/" + tenant)
                .subject(subject)
                .claim("tenant", tenant)
                .claim("roles", List.of(Role.AGENT.name())));
    }

    JsonNode post(String token, String uri, Object body, int status, Object... vars) {
        return http.post()
                .uri(uri, vars)
                .headers(h -> h.setBearerAuth(token))
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    JsonNode get(String token, String uri, Object... vars) {
        return http.get()
                .uri(uri, vars)
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    JsonNode awaitCalls(String token, String tenant, String period, int count) throws InterruptedException {
        JsonNode calls = null;
        for (int i = 0; i < 120; i++) {
            calls = get(token, "/tenants/{t}/quality/calls?period={p}", tenant, period);
            int ended = 0;
            for (JsonNode c : calls) {
                ended += c.path("endedAt").isNull() || c.path("group").isNull() ? 0 : 1;
            }
            if (ended >= count) {
                return calls;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("calls not folded in time: " + calls);
    }

    String template(String token, String tenant) {
        Map<String, Object> body = Map.of(
                "code", "hotline",
                "name", "12345 通话质检",
                "items",
                        List.of(
                                Map.of("code", "greeting", "name", "开场白", "weight", 20, "fatal", false),
                                Map.of("code", "listening", "name", "倾听与确认", "weight", 40, "fatal", false),
                                Map.of("code", "solution", "name", "解答准确", "weight", 40, "fatal", false),
                                Map.of("code", "privacy", "name", "泄露隐私", "weight", 0, "fatal", true)));
        return post(token, "/tenants/{t}/quality/templates", body, 201, tenant)
                .path("id")
                .asString();
    }

    @Test
    void aSimulatedMonthIsSampledWithAtLeastFivePercentPerAgentPlusTheRules() throws Exception {
        TenantEvents events = new TenantEvents().provision();
        String t = events.tenant;
        String boss = supervisor(t, "qa-lead");
        Month month = new Month();
        int[] sizes = {1, 7, 19, 20, 21, 60};
        Map<String, Integer> expectedQuota = new HashMap<>();
        for (int size : sizes) {
            String agent = "agent-" + size;
            expectedQuota.put(agent, (int) Math.ceil(size * 0.05));
            for (int i = 0; i < size; i++) {
                boolean isLong = size == 60 && i < 2;
                month.call(
                        agent,
                        size % 2 == 0 ? "medical" : "general",
                        Month.october(1 + i % 28, 9 + i % 8),
                        isLong ? 900 : 120);
            }
        }
        // not counted: an abandoned call, and a call of November
        CallId abandoned = CallId.random();
        month.events.add(
                new CallEvent.CallArrived(month.seq.incrementAndGet(), abandoned, "general", 0, Month.october(3, 10)));
        month.events.add(new CallEvent.CallAbandoned(
                month.seq.incrementAndGet(), abandoned, Month.october(3, 10).plusSeconds(30)));
        CallId november = CallId.random();
        Instant nov1 = LocalDateTime.of(2026, 11, 1, 0, 30).atZone(ZONE).toInstant();
        month.events.add(new CallEvent.CallArrived(month.seq.incrementAndGet(), november, "general", 0, nov1));
        month.events.add(
                new CallEvent.CallAnswered(month.seq.incrementAndGet(), november, "agent-1", nov1.plusSeconds(3)));
        month.events.add(
                new CallEvent.CallEnded(month.seq.incrementAndGet(), november, "agent-1", nov1.plusSeconds(60)));
        events.calls(month.events);
        UUID complained = month.byAgent.get("agent-7").get(3);
        events.ticket(
                "TicketOpened",
                "T-" + UUID.randomUUID(),
                "user:agent-7",
                Month.october(12, 11),
                Map.of("kind", "COMPLAINT", "calls", List.of(Map.of("value", complained.toString()))));

        int answered = 128;
        JsonNode calls = awaitCalls(boss, t, "2026-10", answered);
        assertThat(calls.size()).as("answered October calls only").isEqualTo(answered);
        for (int i = 0; i < 60 && !complaintFolded(boss, t, complained); i++) {
            Thread.sleep(500);
        }
        assertThat(complaintFolded(boss, t, complained)).isTrue();
        UUID unhappy = month.byAgent.get("agent-19").get(0);
        http.put()
                .uri("/tenants/{t}/quality/calls/{c}/satisfaction", t, unhappy)
                .headers(h -> h.setBearerAuth(boss))
                .bodyValue(Map.of("dissatisfied", true))
                .exchange()
                .expectStatus()
                .isOk();

        String template = template(boss, t);
        Map<String, Object> run = Map.of(
                "period",
                "2026-10",
                "templateId",
                template,
                "inspectors",
                List.of("insp-1", "insp-2"),
                "seed",
                "oct-2026-audit");
        JsonNode result = post(boss, "/tenants/{t}/quality/sampling-runs", run, 201, t);
        int sampled = 0;
        for (JsonNode agent : result.path("agents")) {
            String name = agent.path("agent").asString();
            int calls0 = agent.path("answeredCalls").asInt();
            assertThat(agent.path("sampled").asInt()).as(name).isEqualTo(expectedQuota.get(name));
            assertThat(agent.path("sampled").asInt() * 20)
                    .as(name + ": the 5 %% floor")
                    .isGreaterThanOrEqualTo(calls0);
            assertThat(agent.path("sampled").asInt()).as(name).isGreaterThanOrEqualTo(1);
            sampled += agent.path("sampled").asInt();
        }
        assertThat(result.path("agents").size()).isEqualTo(sizes.length);
        assertThat(result.path("ruleTasks").path("LONG_CALL").asInt()).isEqualTo(2);
        assertThat(result.path("ruleTasks").path("COMPLAINT").asInt()).isEqualTo(1);
        assertThat(result.path("ruleTasks").path("DISSATISFIED").asInt()).isEqualTo(1);
        assertThat(result.path("ruleTasks").path("COMPLAINT_TICKET").asInt()).isEqualTo(1);
        assertThat(result.path("created").asInt()).isEqualTo(sampled + 5);

        JsonNode tasks = get(boss, "/tenants/{t}/quality/tasks?period=2026-10", t);
        assertThat(tasks.size()).isEqualTo(sampled + 5);
        Map<String, Integer> perInspector = new HashMap<>();
        Map<String, Integer> samplePerAgent = new HashMap<>();
        for (JsonNode task : tasks) {
            perInspector.merge(task.path("inspector").asString(), 1, Integer::sum);
            if (task.path("reason").asString().equals("SAMPLE")) {
                samplePerAgent.merge(task.path("agent").asString(), 1, Integer::sum);
                assertThat(task.path("sampleSeed").asString()).isEqualTo("oct-2026-audit");
                assertThat(month.byAgent.get(task.path("agent").asString()))
                        .contains(UUID.fromString(task.path("subject").asString()));
            }
        }
        assertThat(samplePerAgent).isEqualTo(expectedQuota);
        assertThat(Math.abs(perInspector.get("insp-1") - perInspector.get("insp-2")))
                .isLessThanOrEqualTo(1);

        assertThat(post(boss, "/tenants/{t}/quality/sampling-runs", run, 201, t)
                        .path("created")
                        .asInt())
                .as("running the month again adds nothing")
                .isZero();

        // another tenant sees none of it
        TenantEvents other = new TenantEvents();
        http.get()
                .uri("/tenants/{t}/quality/tasks", t)
                .headers(h -> h.setBearerAuth(supervisor(other.tenant, "qa-lead")))
                .exchange()
                .expectStatus()
                .isNotFound();
        assertThat(get(supervisor(other.tenant, "qa-lead"), "/tenants/{t}/quality/tasks", other.tenant)
                        .size())
                .isZero();
        // bad input changes nothing
        JsonNode problem = post(
                boss,
                "/tenants/{t}/quality/sampling-runs",
                Map.of("period", "October", "templateId", template, "inspectors", List.of("x"), "seed", "long-enough"),
                400,
                t);
        assertThat(problem.path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(problem.path("field").asString()).isEqualTo("period");
    }

    private boolean complaintFolded(String token, String tenant, UUID call) {
        for (JsonNode c : get(token, "/tenants/{t}/quality/calls?period=2026-10", tenant)) {
            if (c.path("call").asString().equals(call.toString())) {
                return c.path("complaint").asBoolean();
            }
        }
        return false;
    }

    @Test
    void aTaskIsScoredRecheckedAppealedAndDecidedAndMovesOnlyWhileOpen() throws Exception {
        TenantEvents events = new TenantEvents().provision();
        String t = events.tenant;
        String boss = supervisor(t, "qa-lead");
        Month month = new Month();
        month.call("alice", "general", Month.october(5, 10), 200);
        for (int i = 0; i < 25; i++) {
            month.call("bob", "medical", Month.october(6 + i % 20, 10), 200);
        }
        events.calls(month.events);
        awaitCalls(boss, t, "2026-10", 26);
        String template = template(boss, t);
        post(
                boss,
                "/tenants/{t}/quality/sampling-runs",
                Map.of(
                        "period",
                        "2026-10",
                        "templateId",
                        template,
                        "inspectors",
                        List.of("insp-1"),
                        "seed",
                        "seed-for-scoring"),
                201,
                t);
        JsonNode aliceTasks = get(boss, "/tenants/{t}/quality/tasks?agent=alice", t);
        assertThat(aliceTasks.size()).isEqualTo(1);
        String task = aliceTasks.get(0).path("id").asString();
        String insp1 = supervisor(t, "insp-1");
        String insp2 = supervisor(t, "insp-2");
        Map<String, Object> good =
                Map.of("points", Map.of("greeting", 15, "listening", 30, "solution", 40), "comment", "ok");

        assertThat(post(insp2, "/tenants/{t}/quality/tasks/{id}/score", good, 403, t, task)
                        .path("code")
                        .asString())
                .isEqualTo("FORBIDDEN");
        JsonNode over = post(
                insp1,
                "/tenants/{t}/quality/tasks/{id}/score",
                Map.of("points", Map.of("greeting", 25, "listening", 30, "solution", 40)),
                400,
                t,
                task);
        assertThat(over.path("field").asString()).isEqualTo("points");
        JsonNode scored = post(insp1, "/tenants/{t}/quality/tasks/{id}/score", good, 200, t, task);
        assertThat(scored.path("status").asString()).isEqualTo("SCORED");
        assertThat(scored.path("score").asDouble()).isEqualTo(85.0);
        assertThat(post(insp1, "/tenants/{t}/quality/tasks/{id}/score", good, 409, t, task)
                        .path("code")
                        .asString())
                .isEqualTo("ILLEGAL_TRANSITION");

        assertThat(post(insp1, "/tenants/{t}/quality/tasks/{id}/recheck", good, 403, t, task)
                        .path("code")
                        .asString())
                .as("not by the first inspector")
                .isEqualTo("FORBIDDEN");
        JsonNode rechecked = post(
                insp2,
                "/tenants/{t}/quality/tasks/{id}/recheck",
                Map.of(
                        "points",
                        Map.of("greeting", 20, "listening", 40, "solution", 40),
                        "fatalViolations",
                        List.of("privacy")),
                200,
                t,
                task);
        assertThat(rechecked.path("status").asString()).isEqualTo("RECHECKED");
        assertThat(rechecked.path("score").asDouble())
                .as("a fatal item zeroes the score")
                .isZero();
        assertThat(rechecked.path("fatal").asBoolean()).isTrue();

        post(agent(t, "bob"), "/tenants/{t}/quality/tasks/{id}/appeal", Map.of("reason", "not mine"), 404, t, task);
        JsonNode appealed = post(
                agent(t, "alice"),
                "/tenants/{t}/quality/tasks/{id}/appeal",
                Map.of("reason", "我没有泄露隐私，请复听录音"),
                200,
                t,
                task);
        assertThat(appealed.path("status").asString()).isEqualTo("APPEALED");
        post(agent(t, "alice"), "/tenants/{t}/quality/tasks/{id}/appeal", Map.of("reason", "again"), 409, t, task);
        post(
                agent(t, "alice"),
                "/tenants/{t}/quality/tasks/{id}/appeal-decision",
                Map.of("upheld", true, "note", "x"),
                403,
                t,
                task);
        JsonNode decided = post(
                boss,
                "/tenants/{t}/quality/tasks/{id}/appeal-decision",
                Map.of(
                        "upheld",
                        true,
                        "note",
                        "复听确认无泄露",
                        "points",
                        Map.of("greeting", 20, "listening", 35, "solution", 35)),
                200,
                t,
                task);
        assertThat(decided.path("status").asString()).isEqualTo("APPEAL_UPHELD");
        assertThat(decided.path("score").asDouble()).isEqualTo(90.0);
        assertThat(decided.path("fatal").asBoolean()).isFalse();
        List<String> steps = new ArrayList<>();
        get(boss, "/tenants/{t}/quality/tasks/{id}", t, task)
                .path("steps")
                .forEach(s -> steps.add(s.path("step").asString()));
        assertThat(steps).containsExactly("ASSIGNED", "SCORED", "RECHECKED", "APPEALED", "APPEAL_UPHELD");
        assertThat(get(agent(t, "alice"), "/tenants/{t}/quality/tasks", t).size())
                .as("an agent lists only their own tasks")
                .isEqualTo(1);

        // moving: bob's two open tasks move, alice's decided one does not
        List<String> ids = new ArrayList<>();
        get(boss, "/tenants/{t}/quality/tasks?period=2026-10", t)
                .forEach(n -> ids.add(n.path("id").asString()));
        assertThat(ids).hasSize(3);
        JsonNode moved = post(boss, "/tenants/{t}/quality/task-moves", Map.of("tasks", ids, "to", "insp-3"), 200, t);
        assertThat(moved.path("moved").asInt()).isEqualTo(2);
        assertThat(get(boss, "/tenants/{t}/quality/tasks?inspector=insp-3", t).size())
                .isEqualTo(2);
        assertThat(get(boss, "/tenants/{t}/quality/tasks/{id}", t, task)
                        .path("inspector")
                        .asString())
                .isEqualTo("insp-1");

        // reports
        JsonNode byAgent = get(boss, "/tenants/{t}/quality/reports/agents?period=2026-10", t);
        assertThat(byAgent.get(0).path("key").asString()).isEqualTo("alice");
        assertThat(byAgent.get(0).path("average").asDouble()).isEqualTo(90.0);
        assertThat(byAgent.get(0).path("appealed").asInt()).isEqualTo(1);
        assertThat(byAgent.get(1).path("key").asString()).isEqualTo("bob");
        assertThat(byAgent.get(1).path("scored").asInt()).isZero();
        JsonNode byTeam = get(boss, "/tenants/{t}/quality/reports/teams?period=2026-10", t);
        assertThat(byTeam.get(0).path("key").asString()).isEqualTo("general");
        JsonNode byItem = get(boss, "/tenants/{t}/quality/reports/items?period=2026-10&templateId={id}", t, template);
        Map<String, Double> average = new HashMap<>();
        byItem.forEach(i ->
                average.put(i.path("item").asString(), i.path("averagePoints").asDouble()));
        assertThat(average)
                .containsEntry("greeting", 20.0)
                .containsEntry("listening", 35.0)
                .containsEntry("solution", 35.0);
    }

    @Test
    void aCalibrationSessionReportsTheSpreadOfTheInspectorsScores() throws Exception {
        TenantEvents events = new TenantEvents().provision();
        String t = events.tenant;
        String boss = supervisor(t, "qa-lead");
        Month month = new Month();
        UUID call = month.call("carol", "general", Month.october(9, 14), 300);
        events.calls(month.events);
        awaitCalls(boss, t, "2026-10", 1);
        String template = template(boss, t);
        post(
                boss,
                "/tenants/{t}/quality/calibrations",
                Map.of("call", call.toString(), "templateId", template, "inspectors", List.of("solo")),
                400,
                t);
        JsonNode session = post(
                boss,
                "/tenants/{t}/quality/calibrations",
                Map.of("call", call.toString(), "templateId", template, "inspectors", List.of("i-a", "i-b", "i-c")),
                201,
                t);
        String id = session.path("id").asString();
        int[][] points = {{20, 30, 30}, {20, 35, 35}, {10, 30, 30}};
        String[] inspectors = {"i-a", "i-b", "i-c"};
        for (int i = 0; i < 3; i++) {
            String task = null;
            for (JsonNode s : session.path("scores")) {
                if (s.path("inspector").asString().equals(inspectors[i])) {
                    task = s.path("task").asString();
                }
            }
            post(
                    supervisor(t, inspectors[i]),
                    "/tenants/{t}/quality/tasks/{id}/score",
                    Map.of(
                            "points",
                            Map.of("greeting", points[i][0], "listening", points[i][1], "solution", points[i][2])),
                    200,
                    t,
                    task);
        }
        JsonNode result = get(boss, "/tenants/{t}/quality/calibrations/{id}", t, id);
        assertThat(result.path("mean").asDouble()).isEqualTo(80.0);
        assertThat(result.path("spread").asDouble()).isEqualTo(20.0);
        assertThat(result.path("standardDeviation").asDouble()).isEqualTo(8.16);
        assertThat(result.path("itemSpread").path("greeting").asInt()).isEqualTo(10);
        assertThat(result.path("itemSpread").path("listening").asInt()).isEqualTo(5);
        assertThat(get(boss, "/tenants/{t}/quality/reports/agents?period=2026-10", t)
                        .size())
                .as("calibration scores stay out of the agent's report")
                .isZero();
    }
}

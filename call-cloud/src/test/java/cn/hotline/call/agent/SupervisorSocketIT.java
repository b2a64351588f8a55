package cn.hotline.call.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The supervisors' live view over {@code /ws/supervisor}, with real agents' sockets and the real ACD behind it. */
@RealServers
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "cc.call.supervision.refresh=500ms")
class SupervisorSocketIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    AcdManagement acd;

    private URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    private static String tenant() {
        return "sv-" + Uuids.v7().toString().substring(24);
    }

    private static JsonNode overviewWhere(AgentClient client, java.util.function.Predicate<JsonNode> condition)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode overview = client.next("overview");
            if (condition.test(overview)) {
                return overview;
            }
        }
        throw new AssertionError("no overview met the condition within " + WAIT);
    }

    @Test
    void aSupervisorSeesAgentsChangeAtOnceAndQueuesInTheOverview() throws Exception {
        String slug = tenant();
        try (AgentClient supervisor =
                        AgentClient.connect(uri("/ws/supervisor"), TestTokens.user(slug, Role.SUPERVISOR));
                AgentClient agent = AgentClient.connect(uri("/ws/agent"), TestTokens.user(slug, Role.AGENT))) {
            assertThat(supervisor.next("overview").get("agents")).isEmpty();

            String id = agent.request("{\"type\":\"signIn\"}").get("agent").stringValue();
            agent.request("{\"type\":\"ready\"}");
            JsonNode ready = supervisor.next("agent");
            while (!"READY".equals(ready.get("state").stringValue())) {
                ready = supervisor.next("agent");
            }
            assertThat(ready.get("agent").stringValue()).isEqualTo(id);

            // A call for a group nobody serves waits; the next overview shows it.
            acd.callArrived(TenantId.of(slug), CallId.random(), SkillId.of("nobody"), 0)
                    .block(WAIT);
            JsonNode overview = overviewWhere(supervisor, o -> o.get("queues").size() == 1);
            JsonNode queue = overview.get("queues").get(0);
            assertThat(queue.get("group").stringValue()).isEqualTo("nobody");
            assertThat(queue.get("waiting").intValue()).isEqualTo(1);
            assertThat(queue.get("oldestWaitingSince").stringValue()).isNotBlank();
            assertThat(overview.get("agents").get(0).get("agent").stringValue()).isEqualTo(id);
            assertThat(overview.get("agents").get(0).get("state").stringValue()).isEqualTo("READY");
        }
    }

    @Test
    void anotherTenantsSupervisorSeesNothingOfIt() throws Exception {
        String slug = tenant();
        try (AgentClient stranger =
                        AgentClient.connect(uri("/ws/supervisor"), TestTokens.user(tenant(), Role.SUPERVISOR));
                AgentClient agent = AgentClient.connect(uri("/ws/agent"), TestTokens.user(slug, Role.AGENT))) {
            agent.request("{\"type\":\"signIn\"}");
            agent.request("{\"type\":\"ready\"}");
            assertThat(stranger.receives("agent", Duration.ofSeconds(2))).isFalse();
            assertThat(stranger.next("overview").get("agents")).isEmpty();
        }
    }

    @Test
    void agentsAndWorkstationScopedSupervisorsAreRefused() throws Exception {
        String slug = tenant();
        assertThatThrownBy(() -> AgentClient.connect(uri("/ws/supervisor"), TestTokens.user(slug, Role.AGENT)))
                .isInstanceOfSatisfying(WebSocketClientHandshakeException.class, refused -> assertThat(
                                refused.response().status().code())
                        .isEqualTo(403));
        try (AgentClient scoped = AgentClient.connect(
                uri("/ws/supervisor"), TestTokens.user(slug, List.of(Role.SUPERVISOR), slug + ".east"))) {
            assertThat(scoped.next("error").get("code").stringValue()).isEqualTo("FORBIDDEN");
        }
    }
}

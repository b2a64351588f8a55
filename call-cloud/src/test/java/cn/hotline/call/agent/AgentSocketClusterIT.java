package cn.hotline.call.agent;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.CallCloudApplication;
import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentSkill;
import cn.hotline.call.acd.domain.CallRouting;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two call-cloud instances against the same Redis and PostgreSQL: an agent whose socket sits on one instance works
 * with the tenant's ACD writer on the other (commands forwarded, offers and state changes pushed across), and keeps
 * working when the writer's instance goes away and the survivor takes the tenant over.
 */
@RealServers
class AgentSocketClusterIT {

    private static final SkillId GENERAL = SkillId.of("general");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private ConfigurableApplicationContext a;
    private ConfigurableApplicationContext b;

    private static ConfigurableApplicationContext instance(String name) {
        Map<String, Object> properties = new HashMap<>(TestTokens.properties());
        properties.put("server.port", "0");
        properties.put(
                "cc.call.acd.instance-id", name + "-" + Uuids.v7().toString().substring(24));
        properties.put("cc.call.acd.lease-ttl", "2s");
        properties.put("cc.call.acd.ring-timeout", "5s");
        properties.put("cc.call.acd.after-call-work", "0s");
        // Command-line arguments: they outrank application.yml (default properties would not).
        String[] arguments = properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(CallCloudApplication.class).run(arguments);
    }

    private static URI socket(ConfigurableApplicationContext instance) {
        return URI.create("ws://127.0.0.1:" + instance.getEnvironment().getProperty("local.server.port") + "/ws/agent");
    }

    @AfterEach
    void stop() {
        for (ConfigurableApplicationContext instance : new ConfigurableApplicationContext[] {a, b}) {
            if (instance != null && instance.isActive()) {
                instance.getBean(AcdManagement.class).stop().block(WAIT);
                instance.close();
            }
        }
    }

    @Test
    void anAgentOnOneInstanceTakesACallFromTheWriterOnTheOther() throws Exception {
        a = instance("a");
        b = instance("b");
        AcdManagement writerSide = a.getBean(AcdManagement.class);
        String slug = "cl-" + Uuids.v7().toString().substring(24);
        TenantId tenant = TenantId.of(slug);
        // Instance a becomes the tenant's writer by being used first.
        writerSide
                .enrol(tenant, AgentId.of("9000"), List.of(new AgentSkill(GENERAL, 1)))
                .block(WAIT);

        try (AgentClient agent = AgentClient.connect(socket(b), TestTokens.user(slug, Role.AGENT))) {
            assertThat(agent.request("{\"type\":\"signIn\"}").get("state").stringValue())
                    .isEqualTo("NOT_READY");
            assertThat(agent.request("{\"type\":\"ready\"}").get("state").stringValue())
                    .isEqualTo("READY");

            CallId call = CallId.random();
            assertThat(writerSide.callArrived(tenant, call, GENERAL, 0).block(WAIT))
                    .isInstanceOf(CallRouting.Offered.class);
            assertThat(agent.next("offer").get("callId").stringValue())
                    .isEqualTo(call.value().toString());
            assertThat(agent.request("{\"type\":\"answer\",\"callId\":\"" + call.value() + "\"}")
                            .get("state")
                            .stringValue())
                    .isEqualTo("TALKING");
            // The writer on a sees what the agent did through b.
            assertThat(writerSide
                            .agent(tenant, agentOf(slug, agent))
                            .block(WAIT)
                            .state()
                            .code())
                    .isEqualTo("TALKING");
            assertThat(agent.request("{\"type\":\"hangUp\",\"callId\":\"" + call.value() + "\"}")
                            .get("state")
                            .stringValue())
                    .isEqualTo("READY");
        }
    }

    @Test
    void whenTheWritersInstanceIsKilledTheSurvivorTakesTheTenantOverWithItsAgents() throws Exception {
        String slug = "cl-" + Uuids.v7().toString().substring(24);
        TenantId tenant = TenantId.of(slug);
        try (ChildInstance writer = ChildInstance.start("killed")) {
            b = instance("b");
            // The child becomes the tenant's writer: a command sent to it directly runs there.
            writer.command(
                    slug,
                    "{\"type\":\"enrol\",\"agent\":{\"value\":\"9000\"},"
                            + "\"skills\":[{\"skill\":{\"value\":\"general\"},\"level\":1}]}");

            try (AgentClient agent = AgentClient.connect(socket(b), TestTokens.user(slug, Role.AGENT))) {
                agent.request("{\"type\":\"signIn\"}");
                assertThat(agent.request("{\"type\":\"ready\"}").get("state").stringValue())
                        .isEqualTo("READY");

                writer.kill(); // kill -9: the lease is not given back, it expires (2 s here)

                // Until then b cannot decide for the tenant and says so; then it takes over, rebuilding the agent
                // (still ready) from PostgreSQL.
                AcdManagement survivor = b.getBean(AcdManagement.class);
                CallId call = CallId.random();
                CallRouting routing = null;
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (routing == null && System.nanoTime() < deadline) {
                    try {
                        routing = survivor.callArrived(tenant, call, GENERAL, 0).block(WAIT);
                    } catch (RuntimeException notYet) {
                        Thread.sleep(200);
                    }
                }
                assertThat(routing).isInstanceOf(CallRouting.Offered.class);
                assertThat(agent.next("offer").get("callId").stringValue())
                        .isEqualTo(call.value().toString());
            }
        }
    }

    private static AgentId agentOf(String slug, AgentClient agent) throws Exception {
        JsonNode state = agent.request("{\"type\":\"signIn\"}");
        return AgentId.of(state.get("agent").stringValue());
    }
}

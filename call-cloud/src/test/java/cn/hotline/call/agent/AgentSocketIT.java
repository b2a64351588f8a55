package cn.hotline.call.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentState;
import cn.hotline.call.acd.domain.CallRouting;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import com.nimbusds.jwt.SignedJWT;
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

@RealServers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "cc.call.acd.ring-timeout=3s")
class AgentSocketIT {

    private static final SkillId GENERAL = SkillId.of("general");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    AcdManagement acd;

    private URI socket() {
        return URI.create("ws://127.0.0.1:" + port + "/ws/agent");
    }

    private static String tenant() {
        return "ws-" + Uuids.v7().toString().substring(24);
    }

    private static AgentId agentOf(String token) throws Exception {
        return AgentId.of(SignedJWT.parse(token).getJWTClaimsSet().getSubject());
    }

    private static JsonNode signInAndReady(AgentClient agent) throws Exception {
        assertThat(agent.request("{\"type\":\"signIn\"}").get("state").stringValue())
                .isEqualTo("NOT_READY");
        return agent.request("{\"type\":\"ready\"}");
    }

    @Test
    void exactlyOneOfTwoReadyAgentsIsOfferedTheCallAndAnswersAndHangsItUp() throws Exception {
        String slug = tenant();
        TenantId tenant = TenantId.of(slug);
        try (AgentClient first = AgentClient.connect(socket(), TestTokens.user(slug, Role.AGENT));
                AgentClient second = AgentClient.connect(socket(), TestTokens.user(slug, Role.AGENT))) {
            JsonNode ready = signInAndReady(first);
            assertThat(ready.get("type").stringValue()).isEqualTo("state");
            assertThat(ready.get("state").stringValue()).isEqualTo("READY");
            assertThat(ready.get("since").stringValue()).isNotBlank();
            assertThat(signInAndReady(second).get("state").stringValue()).isEqualTo("READY");

            CallId call = CallId.random();
            CallRouting routing = acd.callArrived(tenant, call, GENERAL, 0).block(WAIT);
            assertThat(routing).isInstanceOf(CallRouting.Offered.class);

            // The ACD picks the agent idle longest: the first one. The other one never hears of the call.
            JsonNode offer = first.next("offer");
            assertThat(offer.get("callId").stringValue()).isEqualTo(call.value().toString());
            assertThat(offer.get("group").stringValue()).isEqualTo("general");
            assertThat(offer.get("ringDeadline").stringValue()).isNotBlank();
            assertThat(second.receives("offer", Duration.ofSeconds(1))).isFalse();

            JsonNode talking = first.request("{\"type\":\"answer\",\"callId\":\"" + call.value() + "\"}");
            assertThat(talking.get("state").stringValue()).isEqualTo("TALKING");
            assertThat(talking.get("callId").stringValue())
                    .isEqualTo(call.value().toString());

            JsonNode afterCall = first.request("{\"type\":\"hangUp\",\"callId\":\"" + call.value() + "\"}");
            assertThat(afterCall.get("type").stringValue()).isEqualTo("state");
            assertThat(afterCall.get("state").stringValue()).isIn("AFTER_CALL_WORK", "READY");
            assertThat(second.receives("offer", Duration.ofMillis(200))).isFalse();
        }
    }

    @Test
    void getStateRestoresTheDeskAfterAReloadWithTheCallTheAgentIsOn() throws Exception {
        String slug = tenant();
        String token = TestTokens.user(slug, Role.AGENT);
        CallId call = CallId.random();
        try (AgentClient agent = AgentClient.connect(socket(), token)) {
            JsonNode unknown = agent.request("{\"type\":\"getState\"}");
            assertThat(unknown.get("type").stringValue()).isEqualTo("state");
            assertThat(unknown.get("state").stringValue()).isEqualTo("LOGGED_OUT");
            assertThat(unknown.has("call")).isFalse();

            assertThat(signInAndReady(agent).get("state").stringValue()).isEqualTo("READY");
            assertThat(agent.request("{\"type\":\"getState\"}").has("call")).isFalse();
            assertThat(acd.callArrived(TenantId.of(slug), call, GENERAL, 0).block(WAIT))
                    .isInstanceOf(CallRouting.Offered.class);
            agent.next("offer");
            agent.request("{\"type\":\"answer\",\"callId\":\"" + call.value() + "\"}");
        }
        // the page reloads: a new socket of the same agent asks where it is
        try (AgentClient reloaded = AgentClient.connect(socket(), token)) {
            JsonNode state = reloaded.request("{\"type\":\"getState\"}");
            assertThat(state.get("state").stringValue()).isEqualTo("TALKING");
            JsonNode onCall = state.get("call");
            assertThat(onCall.get("callId").stringValue())
                    .isEqualTo(call.value().toString());
            assertThat(onCall.get("onHold").booleanValue()).isFalse();
            assertThat(onCall.get("since").stringValue())
                    .isEqualTo(state.get("since").stringValue());
            // an ACD-only call (no SIP leg on this instance) has no number to show
            assertThat(onCall.get("caller").isNull()).isTrue();
        }
    }

    @Test
    void anOpenSocketIsOfferedCallsByTheNextWriterAfterTheTenantsWriterStopped() throws Exception {
        String slug = tenant();
        try (AgentClient agent = AgentClient.connect(socket(), TestTokens.user(slug, Role.AGENT))) {
            assertThat(signInAndReady(agent).get("state").stringValue()).isEqualTo("READY");
            acd.stop().block(WAIT); // gives up every lease: the next use elects a new writer

            CallId call = CallId.random();
            assertThat(acd.callArrived(TenantId.of(slug), call, GENERAL, 0).block(WAIT))
                    .isInstanceOf(CallRouting.Offered.class);
            assertThat(agent.next("offer").get("callId").stringValue())
                    .isEqualTo(call.value().toString());
        }
    }

    @Test
    void theAcdTellsTheAgentOfAChangeItMadeByItselfWhenAnOfferRingsOut() throws Exception {
        String slug = tenant();
        try (AgentClient agent = AgentClient.connect(socket(), TestTokens.user(slug, Role.AGENT))) {
            assertThat(signInAndReady(agent).get("state").stringValue()).isEqualTo("READY");
            CallId call = CallId.random();
            acd.callArrived(TenantId.of(slug), call, GENERAL, 0).block(WAIT);
            assertThat(agent.next("offer").get("callId").stringValue())
                    .isEqualTo(call.value().toString());

            // No command from the agent: the ring timeout (3 s here) makes it not ready, and the socket says so.
            JsonNode pushed = agent.next("state");
            while (!"NOT_READY".equals(pushed.get("state").stringValue())) {
                pushed = agent.next("state");
            }
            assertThat(pushed.get("reason").stringValue()).isEqualTo("RING_NO_ANSWER");
        }
    }

    @Test
    void anAgentOfAnotherTenantNeverSeesTheOffer() throws Exception {
        String slug = tenant();
        String otherSlug = tenant();
        try (AgentClient own = AgentClient.connect(socket(), TestTokens.user(slug, Role.AGENT));
                AgentClient foreign = AgentClient.connect(socket(), TestTokens.user(otherSlug, Role.AGENT))) {
            signInAndReady(foreign);
            CallId call = CallId.random();
            assertThat(acd.callArrived(TenantId.of(slug), call, GENERAL, 0).block(WAIT))
                    .isInstanceOf(CallRouting.Queued.class);

            signInAndReady(own);
            assertThat(own.next("offer").get("callId").stringValue())
                    .isEqualTo(call.value().toString());
            assertThat(foreign.receives("offer", Duration.ofSeconds(1))).isFalse();
        }
    }

    @Test
    void badMessagesGetAnErrorAndTheSocketStaysOpen() throws Exception {
        String slug = tenant();
        try (AgentClient agent = AgentClient.connect(socket(), TestTokens.user(slug, Role.AGENT))) {
            JsonNode notJson = agent.request("not json");
            assertThat(notJson.get("type").stringValue()).isEqualTo("error");
            assertThat(notJson.get("code").stringValue()).isEqualTo("MALFORMED_REQUEST");

            assertThat(agent.request("{\"type\":\"fly\"}").get("code").stringValue())
                    .isEqualTo("VALIDATION_FAILED");
            assertThat(agent.request("{\"type\":\"answer\"}").get("code").stringValue())
                    .isEqualTo("VALIDATION_FAILED");
            assertThat(agent.request("{\"type\":\"answer\",\"callId\":\"nope\"}")
                            .get("code")
                            .stringValue())
                    .isEqualTo("VALIDATION_FAILED");

            assertThat(agent.request("{\"type\":\"signIn\"}").get("state").stringValue())
                    .isEqualTo("NOT_READY");
            JsonNode illegal = agent.request(
                    "{\"type\":\"answer\",\"callId\":\"" + CallId.random().value() + "\"}");
            assertThat(illegal.get("code").stringValue()).isEqualTo("ILLEGAL_TRANSITION");
            JsonNode notOwn = agent.request(
                    "{\"type\":\"hangUp\",\"callId\":\"" + CallId.random().value() + "\"}");
            assertThat(notOwn.get("code").stringValue()).isEqualTo("ILLEGAL_TRANSITION");

            JsonNode busy = agent.request("{\"type\":\"notReady\",\"reason\":\"LUNCH\"}");
            assertThat(busy.get("state").stringValue()).isEqualTo("NOT_READY");
            assertThat(busy.get("reason").stringValue()).isEqualTo("LUNCH");
            assertThat(agent.request("{\"type\":\"signOut\"}").get("state").stringValue())
                    .isEqualTo("LOGGED_OUT");
        }
    }

    @Test
    void signInEnrolsWithTheSkillsTheMessageNames() throws Exception {
        String slug = tenant();
        String token = TestTokens.user(slug, Role.AGENT);
        try (AgentClient agent = AgentClient.connect(socket(), token)) {
            agent.request("{\"type\":\"signIn\",\"skills\":[{\"skill\":\"medical-insurance\",\"level\":7}]}");
            assertThat(acd.agent(TenantId.of(slug), agentOf(token)).block(WAIT).skills())
                    .extracting(skill -> skill.skill().value() + ":" + skill.level())
                    .containsExactly("medical-insurance:7");
        }
    }

    @Test
    void closingTheSocketMakesAReadyAgentNotReadyButKeepsItSignedIn() throws Exception {
        String slug = tenant();
        String token = TestTokens.user(slug, Role.AGENT);
        AgentClient agent = AgentClient.connect(socket(), token);
        signInAndReady(agent);
        agent.close();

        AgentId id = agentOf(token);
        long deadline = System.nanoTime() + WAIT.toNanos();
        AgentState state = acd.agent(TenantId.of(slug), id).block(WAIT).state();
        while (!(state instanceof AgentState.NotReady) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            state = acd.agent(TenantId.of(slug), id).block(WAIT).state();
        }
        assertThat(state).isEqualTo(new AgentState.NotReady(AgentSocket.DISCONNECTED));

        try (AgentClient back = AgentClient.connect(socket(), token)) {
            JsonNode reconnected = back.request("{\"type\":\"signIn\"}");
            assertThat(reconnected.get("state").stringValue()).isEqualTo("NOT_READY");
            assertThat(reconnected.get("reason").stringValue()).isEqualTo(AgentSocket.DISCONNECTED);
        }
    }

    @Test
    void theHandshakeIsRefusedWithoutAToken() {
        assertThatThrownBy(() -> AgentClient.connect(socket(), null))
                .isInstanceOfSatisfying(WebSocketClientHandshakeException.class, refused -> assertThat(
                                refused.response().status().code())
                        .isEqualTo(401));
    }

    @Test
    void theHandshakeIsRefusedForAnInvalidTokenAndForAUserWhoIsNoAgent() {
        assertThatThrownBy(() -> AgentClient.connect(socket(), TestTokens.signedWithUnknownKey(tenant(), Role.AGENT)))
                .isInstanceOfSatisfying(WebSocketClientHandshakeException.class, refused -> assertThat(
                                refused.response().status().code())
                        .isEqualTo(401));
        assertThatThrownBy(() ->
                        AgentClient.connect(socket(), TestTokens.user(tenant(), List.of(Role.TICKET_CLERK), null)))
                .isInstanceOfSatisfying(WebSocketClientHandshakeException.class, refused -> assertThat(
                                refused.response().status().code())
                        .isEqualTo(403));
    }
}

package cn.hotline.call.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Internal messages over HTTP against real PostgreSQL and Redis: send, history, read marks, roles, tenants. */
@RealServers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InternalMessagesIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
    }

    @LocalServerPort
    int port;

    private final String tenant = "mh-" + Uuids.v7().toString().substring(24);

    private WebTestClient as(String token) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .build();
    }

    private static String subject(String token) {
        String payload = token.split("\\.")[1];
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8))
                .get("sub")
                .stringValue();
    }

    private JsonNode send(String token, Object to, String text) {
        return JSON.readTree(as(token)
                .post()
                .uri("/tenants/{t}/messages", tenant)
                .bodyValue(Map.of("to", to, "text", text))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    }

    private JsonNode history(String token, String query) {
        return JSON.readTree(as(token)
                .get()
                .uri("/tenants/" + tenant + "/messages" + query)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    }

    private static List<String> texts(JsonNode page) {
        return page.get("messages").findValuesAsString("text");
    }

    @Test
    void eachPersonSeesTheirConversationsAndBroadcastsWithReadMarks() {
        String supervisor = TestTokens.user(tenant, Role.SUPERVISOR);
        String alice = TestTokens.user(tenant, Role.AGENT);
        String bob = TestTokens.user(tenant, Role.AGENT);
        String carol = TestTokens.user(tenant, Role.AGENT);

        send(supervisor, Map.of("kind", "all"), "今天系统 18 点升级");
        JsonNode toBob = send(alice, Map.of("kind", "agent", "value", subject(bob)), "第一条");
        send(alice, Map.of("kind", "agent", "value", subject(bob)), "第二条");
        send(carol, Map.of("kind", "agent", "value", subject(alice)), "卡罗尔给爱丽丝");
        assertThat(toBob.get("from").stringValue()).isEqualTo(subject(alice));
        assertThat(toBob.get("to").get("kind").stringValue()).isEqualTo("agent");

        JsonNode bobs = history(bob, "");
        assertThat(texts(bobs)).containsExactly("第二条", "第一条", "今天系统 18 点升级");
        assertThat(bobs.get("unread").longValue()).isEqualTo(3);
        assertThat(bobs.get("messages").findValues("read")).allMatch(read -> !read.booleanValue());

        // The direct conversation with alice, paged by id.
        JsonNode withAlice = history(bob, "?with=" + subject(alice) + "&limit=1");
        assertThat(texts(withAlice)).containsExactly("第二条");
        String newest = withAlice.get("messages").get(0).get("id").stringValue();
        assertThat(texts(history(bob, "?with=" + subject(alice) + "&before=" + newest)))
                .containsExactly("第一条");
        assertThat(texts(history(bob, "?with=all"))).containsExactly("今天系统 18 点升级");

        // Read marks: only what bob may see is marked; carol's message to alice is not his to mark.
        JsonNode carolsToAlice =
                history(alice, "?with=" + subject(carol)).get("messages").get(0);
        JsonNode marked = JSON.readTree(as(bob).post()
                .uri("/tenants/{t}/messages/read", tenant)
                .bodyValue(Map.of(
                        "ids",
                        List.of(
                                toBob.get("id").stringValue(),
                                carolsToAlice.get("id").stringValue())))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        assertThat(marked.get("ids").findValuesAsString("ids")).isEmpty();
        assertThat(marked.get("ids")).hasSize(1);
        assertThat(marked.get("ids").get(0).stringValue())
                .isEqualTo(toBob.get("id").stringValue());
        assertThat(history(bob, "").get("unread").longValue()).isEqualTo(2);
        assertThat(history(alice, "").get("unread").longValue()).isEqualTo(2);

        // Carol sees the broadcast and her own message, not alice's to bob.
        assertThat(texts(history(carol, ""))).containsExactly("卡罗尔给爱丽丝", "今天系统 18 点升级");
    }

    @Test
    void anotherTenantSeesNoneOfTheMessages() {
        String supervisor = TestTokens.user(tenant, Role.SUPERVISOR);
        JsonNode sent = send(supervisor, Map.of("kind", "all"), "只给本租户");
        String otherTenant = "mo-" + Uuids.v7().toString().substring(24);
        String stranger = TestTokens.user(otherTenant, Role.SUPERVISOR);

        JsonNode theirs = JSON.readTree(as(stranger)
                .get()
                .uri("/tenants/" + otherTenant + "/messages")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        assertThat(theirs.get("messages")).isEmpty();
        assertThat(theirs.get("unread").longValue()).isZero();
        as(stranger)
                .post()
                .uri("/tenants/{t}/messages/read", otherTenant)
                .bodyValue(Map.of("ids", List.of(sent.get("id").stringValue())))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.ids.length()")
                .isEqualTo(0);
        as(stranger)
                .get()
                .uri("/tenants/" + tenant + "/messages")
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void badRequestsAreRefusedWithAProblemAndStoreNothing() {
        String agent = TestTokens.user(tenant, Role.AGENT);
        String clerk = TestTokens.user(tenant, Role.TICKET_CLERK);
        String supervisor = TestTokens.user(tenant, Role.SUPERVISOR);

        problem(agent, Map.of("to", Map.of("kind", "all"), "text", "大家好"), 403, "FORBIDDEN");
        problem(agent, Map.of("to", Map.of("kind", "group", "value", "general"), "text", "hi"), 403, "FORBIDDEN");
        problem(agent, Map.of("to", Map.of("kind", "agent", "value", subject(agent)), "text", "hi"), 400, null);
        problem(agent, Map.of("to", Map.of("kind", "agent", "value", "bob"), "text", " "), 400, null);
        problem(agent, Map.of("to", Map.of("kind", "agent", "value", "bob"), "text", "长".repeat(1001)), 400, null);
        problem(agent, Map.of("to", Map.of("kind", "agent", "value", "no spaces"), "text", "hi"), 400, null);
        problem(agent, Map.of("to", Map.of("kind", "room", "value", "x"), "text", "hi"), 400, null);
        problem(agent, Map.of("text", "hi"), 400, null);
        problem(clerk, Map.of("to", Map.of("kind", "agent", "value", "bob"), "text", "hi"), 403, "FORBIDDEN");

        as(agent)
                .get()
                .uri("/tenants/" + tenant + "/messages?before=yesterday")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED");
        as(agent)
                .get()
                .uri("/tenants/" + tenant + "/messages?limit=0")
                .exchange()
                .expectStatus()
                .isBadRequest();
        as(agent)
                .post()
                .uri("/tenants/{t}/messages/read", tenant)
                .bodyValue(Map.of("ids", List.of("not-an-id")))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED");

        assertThat(history(supervisor, "").get("messages")).isEmpty();
    }

    private void problem(String token, Map<String, Object> body, int status, String code) {
        WebTestClient.BodyContentSpec spec = as(token)
                .post()
                .uri("/tenants/{t}/messages", tenant)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody();
        spec.jsonPath("$.code").isEqualTo(code != null ? code : "VALIDATION_FAILED");
    }
}

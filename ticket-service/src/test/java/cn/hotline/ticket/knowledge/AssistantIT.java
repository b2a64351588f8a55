package cn.hotline.ticket.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Smart Q&A through the API against the real database. The tenant's generative model is played by a small HTTP server
 * in this test that speaks the OpenAI chat-completions shape — our own stand-in for an external service (no model is
 * reachable here).
 */
@RealServers
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "cc.ticket.knowledge.model-timeout=3s")
class AssistantIT {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
    }

    @LocalServerPort
    int port;

    HttpServer model;
    final AtomicReference<String> modelReply = new AtomicReference<>("");
    final List<JsonNode> modelRequests = new CopyOnWriteArrayList<>();
    final List<String> modelAuthorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startModel() throws IOException {
        model = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        model.createContext("/v1/chat/completions", exchange -> {
            modelRequests.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            modelAuthorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            String reply = modelReply.get();
            if ("SLOW".equals(reply)) {
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = JSON.writeValueAsString(Map.of(
                            "id",
                            "chatcmpl-1",
                            "object",
                            "chat.completion",
                            "choices",
                            List.of(Map.of(
                                    "index",
                                    0,
                                    "finish_reason",
                                    "stop",
                                    "message",
                                    Map.of("role", "assistant", "content", reply)))))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        model.start();
    }

    @AfterEach
    void stopModel() {
        model.stop(0);
    }

    JsonNode call(String token, HttpMethod method, String uri, @Nullable Object body, int status) {
        var spec = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build()
                .method(method)
                .uri(uri)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        String text = (body == null
                        ? spec
                        : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body))
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        return text == null ? JSON.nullNode() : JSON.readTree(text);
    }

    String publish(String t, String author, String reviewer, String title, String body) {
        String id = call(
                        author,
                        HttpMethod.POST,
                        "/tenants/" + t + "/knowledge/entries",
                        Map.of("title", title, "body", body, "category", "医保/异地就医"),
                        201)
                .get("id")
                .asString();
        call(author, HttpMethod.POST, "/tenants/" + t + "/knowledge/entries/" + id + "/submit", null, 200);
        call(reviewer, HttpMethod.POST, "/tenants/" + t + "/knowledge/entries/" + id + "/approve", null, 200);
        return id;
    }

    @Test
    void answersFromPublishedEntriesWithCitationsAndLetsTheTenantsModelPhraseOnlyWhatItCites() throws Exception {
        String t = "qa-" + Uuids.v7().toString().substring(24);
        String alice = TestTokens.user(t, Role.SUPERVISOR);
        String bob = TestTokens.user(t, Role.TENANT_ADMIN);
        String agent = TestTokens.user(t, Role.AGENT);
        String filing =
                publish(t, alice, bob, "异地就医备案办理方式", "参保人在参保地以外就医前应先办理异地就医备案。可通过国家医保服务平台APP办理。临时外出就医人员备案有效期不少于6个月。");
        publish(t, alice, bob, "社保卡挂失", "社保卡丢失后拨打12333挂失。");
        String ask = "/tenants/" + t + "/knowledge/ask";

        JsonNode extractive = call(agent, HttpMethod.POST, ask, Map.of("question", "去外地看病要先办异地就医备案吗，在哪里办"), 200);
        assertThat(extractive.get("mode").asString()).isEqualTo("EXTRACTIVE");
        assertThat(extractive.get("text").asString()).contains("异地就医备案", "[1]");
        assertThat(extractive.get("citations").get(0).get("entryId").asString()).isEqualTo(filing);
        assertThat(modelRequests).isEmpty();

        JsonNode nothing = call(agent, HttpMethod.POST, ask, Map.of("question", "火星移民政策"), 200);
        assertThat(nothing.get("mode").asString()).isEqualTo("NOT_FOUND");
        assertThat(nothing.get("citations")).isEmpty();

        call(
                agent,
                HttpMethod.PUT,
                "/tenants/" + t + "/knowledge/model",
                Map.of("endpoint", "http://x", "model", "m"),
                403);
        call(
                bob,
                HttpMethod.PUT,
                "/tenants/" + t + "/knowledge/model",
                Map.of("endpoint", "ftp://x", "model", "m"),
                400);
        call(
                bob,
                HttpMethod.PUT,
                "/tenants/" + t + "/knowledge/model",
                Map.of(
                        "endpoint",
                        "http://127.0.0.1:" + model.getAddress().getPort() + "/v1",
                        "model",
                        "qwen-local",
                        "apiKey",
                        "sk-test"),
                200);

        modelReply.set("您好，外地就医前需要先办理异地就医备案，可以在国家医保服务平台APP上办理[1]。");
        JsonNode phrased = call(agent, HttpMethod.POST, ask, Map.of("question", "去外地看病要先办异地就医备案吗"), 200);
        assertThat(phrased.get("mode").asString()).isEqualTo("GENERATIVE");
        assertThat(phrased.get("text").asString()).isEqualTo(modelReply.get());
        assertThat(phrased.get("citations")).hasSize(1);
        assertThat(phrased.get("citations").get(0).get("entryId").asString()).isEqualTo(filing);
        JsonNode request = modelRequests.getLast();
        // The key reaches the model, yet is stored only sealed (SM4, bound to the tenant).
        assertThat(modelAuthorizations.getLast()).isEqualTo("Bearer sk-test");
        cn.hotline.devstack.StackEndpoints stack = cn.hotline.devstack.test.TestStack.endpoints();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                        stack.jdbcUrl("cc_ticket"), stack.pgSuperuser(), stack.pgSuperpassword());
                java.sql.PreparedStatement q = c.prepareStatement("SELECT api_key FROM kb_model WHERE tenant_id = ?")) {
            q.setString(1, t);
            try (java.sql.ResultSet row = q.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).startsWith("sm4:").doesNotContain("sk-test");
            }
        }
        assertThat(request.get("model").asString()).isEqualTo("qwen-local");
        assertThat(request.get("messages").get(0).get("content").asString()).contains("只能依据", "NO_ANSWER");
        assertThat(request.get("messages").get(1).get("content").asString()).contains("[1] 异地就医备案办理方式");

        modelReply.set("异地就医备案可以找旅行社代办，收费200元。");
        JsonNode uncited = call(agent, HttpMethod.POST, ask, Map.of("question", "去外地看病要先办异地就医备案吗"), 200);
        assertThat(uncited.get("mode").asString()).isEqualTo("EXTRACTIVE");
        assertThat(uncited.get("note").asString()).contains("did not keep to the cited entries");

        modelReply.set("请参见[7]。");
        assertThat(call(agent, HttpMethod.POST, ask, Map.of("question", "异地就医备案"), 200)
                        .get("mode")
                        .asString())
                .as("a citation of a source the model was not given")
                .isEqualTo("EXTRACTIVE");

        modelReply.set("NO_ANSWER");
        assertThat(call(agent, HttpMethod.POST, ask, Map.of("question", "异地就医备案"), 200)
                        .get("mode")
                        .asString())
                .isEqualTo("EXTRACTIVE");

        modelReply.set("SLOW");
        JsonNode slow = call(agent, HttpMethod.POST, ask, Map.of("question", "异地就医备案"), 200);
        assertThat(slow.get("mode").asString()).isEqualTo("EXTRACTIVE");
        assertThat(slow.get("note").asString()).contains("did not answer");

        int calls = modelRequests.size();
        call(bob, HttpMethod.DELETE, "/tenants/" + t + "/knowledge/model", null, 204);
        assertThat(call(agent, HttpMethod.POST, ask, Map.of("question", "异地就医备案"), 200)
                        .get("mode")
                        .asString())
                .isEqualTo("EXTRACTIVE");
        assertThat(modelRequests).hasSize(calls);
    }
}

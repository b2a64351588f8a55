package cn.hotline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway as it runs, on a random port, routing to a real HTTP server started here (echo, slow and WebSocket
 * endpoints) and to a port where nothing listens.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DisposableServer UPSTREAM = startUpstream();
    private static final int CLOSED_PORT = closedPort();
    private static final String SHUSHAN_AGENT = TestTokens.user("shushan", Role.AGENT);

    @LocalServerPort
    int port;

    WebTestClient client;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
        String upstream = "http://127.0.0.1:" + UPSTREAM.port();
        registry.add("cc.gateway.services.tenant.uri", () -> upstream);
        registry.add("cc.gateway.services.tenant.timeout", () -> "1s");
        registry.add("cc.gateway.services.call.uri", () -> upstream);
        registry.add("cc.gateway.services.ticket.uri", () -> upstream);
        registry.add("cc.gateway.services.auth.uri", () -> "http://127.0.0.1:" + CLOSED_PORT);
        registry.add("cc.gateway.circuit-breaker.sliding-window-size", () -> "4");
        registry.add("cc.gateway.circuit-breaker.minimum-number-of-calls", () -> "4");
        registry.add("cc.gateway.circuit-breaker.wait-in-open-state", () -> "60s");
        registry.add("cc.gateway.cors.allowed-origins", () -> "https://console.partner.example");
        // No Redis anywhere near: the gateway must start and report UP without it.
        registry.add("spring.data.redis.port", () -> Integer.toString(CLOSED_PORT));
    }

    @BeforeEach
    void client() {
        client = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(15))
                .build();
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.disposeNow();
    }

    @Test
    void removesTheApiPrefixBeforeForwarding() {
        Map<String, Object> seen = echo(client.get().uri("/api/tenant/diagnostics?x=1"));

        assertThat(seen).containsEntry("path", "/diagnostics").containsEntry("query", "x=1");
    }

    @Test
    void forwardsHooksWithThePathUnchanged() {
        Map<String, Object> seen = echo(client.post()
                .uri("/hooks/city/tickets")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"no\":\"12345-1\"}"));

        assertThat(seen).containsEntry("path", "/hooks/city/tickets").containsEntry("method", "POST");
    }

    @Test
    void forwardsTheCallersRequestIdAndEchoesIt() {
        WebTestClient.ResponseSpec response = client.get()
                .uri("/api/ticket/tenants/shushan/tickets")
                .headers(h -> h.setBearerAuth(SHUSHAN_AGENT))
                .header("X-Request-Id", "caller-chosen-id-0001")
                .exchange();

        response.expectHeader().valueEquals("X-Request-Id", "caller-chosen-id-0001");
        assertThat(headersSeen(response)).containsEntry("x-request-id", "caller-chosen-id-0001");
    }

    @Test
    void forwardsTheGeneratedRequestIdWhenTheCallerSentNone() {
        EntityExchangeResult<byte[]> result = client.get()
                .uri("/api/tenant/tenants/shushan/users")
                .headers(h -> h.setBearerAuth(SHUSHAN_AGENT))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult();

        String generated = result.getResponseHeaders().getFirst("X-Request-Id");
        assertThat(generated).isNotBlank();
        assertThat(headers(result)).containsEntry("x-request-id", generated);
    }

    @Test
    void replacesAnUnsafeRequestIdWithTheGeneratedOne() {
        EntityExchangeResult<byte[]> result = client.get()
                .uri("/api/tenant/tenants/shushan/users")
                .headers(h -> h.setBearerAuth(SHUSHAN_AGENT))
                .header("X-Request-Id", "<script>alert(1)</script>")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult();

        String generated = result.getResponseHeaders().getFirst("X-Request-Id");
        assertThat(generated).isNotBlank().doesNotContain("<");
        assertThat(headers(result)).containsEntry("x-request-id", generated);
    }

    @Test
    void removesHeadersOnlyThePlatformMaySet() {
        Map<String, String> seen = headersSeen(client.get()
                .uri("/api/tenant/tenants/shushan/users")
                .headers(h -> h.setBearerAuth(SHUSHAN_AGENT))
                .header("X-Tenant-Id", "someone-else")
                .header("x-tenant", "someone-else")
                .header("X-Internal-Caller", "ticket-service")
                .header("X-User-Id", "admin")
                .header("X-Scope-Unit", "nanning")
                .header("X-Client-Note", "kept")
                .exchange());

        assertThat(seen.keySet())
                .noneMatch(name -> name.startsWith("x-tenant")
                        || name.startsWith("x-internal")
                        || name.startsWith("x-user")
                        || name.startsWith("x-scope"));
        assertThat(seen).containsEntry("x-client-note", "kept");
    }

    @Test
    void answersAProblemDetail503WhenTheServiceCannotBeReached() {
        client.get()
                .uri("/api/auth/t/shushan/.well-known/openid-configuration")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .exists("X-Request-Id")
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("SERVICE_UNAVAILABLE")
                .jsonPath("$.status")
                .isEqualTo(503)
                .jsonPath("$.service")
                .isEqualTo("auth-server")
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).startsWith("auth-server "))
                .jsonPath("$.requestId")
                .exists();
    }

    @Test
    void stopsCallingAServiceAfterRepeatedFailures() {
        String detail = "";
        for (int attempt = 0; attempt < 10 && !detail.contains("not being called"); attempt++) {
            detail = client.get()
                    .uri("/api/auth/login")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(503)
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody()
                    .get("detail")
                    .toString();
        }

        assertThat(detail).contains("not being called");
    }

    @Test
    void answersAProblemDetail504WhenTheServiceIsTooSlow() {
        long start = System.nanoTime();

        client.get()
                .uri("/api/tenant/tenants/shushan/slow")
                .headers(h -> h.setBearerAuth(SHUSHAN_AGENT))
                .exchange()
                .expectStatus()
                .isEqualTo(504)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("UPSTREAM_TIMEOUT")
                .jsonPath("$.service")
                .isEqualTo("tenant-service");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void servesTheConsoleAtTheRoot() {
        client.get()
                .uri("/")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class)
                .value(html -> assertThat(html).contains("<div id=\"app\">").contains("/assets/"));
    }

    @Test
    void answersAProblemDetail404ForAnUnknownPath() {
        client.get()
                .uri("/api/nope/x")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("NOT_FOUND")
                .jsonPath("$.instance")
                .isEqualTo("/api/nope/x");
    }

    @Test
    void refusesCrossOriginRequestsFromOriginsNotListed() {
        client.post()
                .uri("/api/tenant/tenants/shushan/users")
                .headers(h -> h.setBearerAuth(SHUSHAN_AGENT))
                .header(HttpHeaders.ORIGIN, "https://evil.example")
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("x")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("FORBIDDEN");
    }

    @Test
    void answersPreflightOnlyForListedOrigins() {
        client.options()
                .uri("/api/tenant/tenants/shushan/users")
                .headers(h -> h.setBearerAuth(SHUSHAN_AGENT))
                .header(HttpHeaders.ORIGIN, "https://console.partner.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "PUT")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://console.partner.example");

        client.options()
                .uri("/api/tenant/tenants/shushan/users")
                .headers(h -> h.setBearerAuth(SHUSHAN_AGENT))
                .header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "PUT")
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void letsSameOriginAndNonBrowserRequestsThrough() {
        client.get()
                .uri("/api/tenant/tenants/shushan/users")
                .headers(h -> h.setBearerAuth(SHUSHAN_AGENT))
                .header(HttpHeaders.ORIGIN, "http://127.0.0.1:" + port)
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void proxiesWebSocketsToTheCallService() {
        Sinks.One<String> reply = Sinks.one();
        new ReactorNettyWebSocketClient()
                .execute(
                        URI.create("ws://127.0.0.1:" + port + "/ws/echo"),
                        bearer(SHUSHAN_AGENT),
                        session -> session.send(Mono.just(session.textMessage("振铃")))
                                .and(session.receive()
                                        .map(WebSocketMessage::getPayloadAsText)
                                        .next()
                                        .doOnNext(reply::tryEmitValue)))
                .block(Duration.ofSeconds(10));

        assertThat(reply.asMono().block(Duration.ofSeconds(1))).isEqualTo("echo:振铃");
    }

    @Test
    void reportsUpWithoutRedis() {
        client.get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP");
        client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    }

    private static HttpHeaders bearer(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return headers;
    }

    private static Map<String, Object> echo(WebTestClient.RequestHeadersSpec<?> request) {
        return echo(request.exchange());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> echo(WebTestClient.ResponseSpec response) {
        byte[] body = response.expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        return JSON.readValue(body, Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> headersSeen(WebTestClient.ResponseSpec response) {
        return (Map<String, String>) echo(response).get("headers");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> headers(EntityExchangeResult<byte[]> result) {
        return (Map<String, String>)
                JSON.readValue(result.getResponseBody(), Map.class).get("headers");
    }

    /**
     * A real HTTP server: answers any request with what it received (method, path, query, headers; header names
     * lower-cased, first value), {@code /slow} after 5 s, and echoes WebSocket text on {@code /ws/echo}.
     */
    private static DisposableServer startUpstream() {
        return HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.get("/tenants/shushan/slow", (request, response) -> Mono.delay(
                                        Duration.ofSeconds(5))
                                .then(response.sendString(Mono.just("late")).then()))
                        .ws(
                                "/ws/echo",
                                (in, out) ->
                                        out.sendString(in.receive().asString().map(text -> "echo:" + text)))
                        .route(request -> true, (request, response) -> request.receive()
                                .aggregate()
                                .asString()
                                .defaultIfEmpty("")
                                .flatMap(body -> {
                                    Map<String, String> headers = new LinkedHashMap<>();
                                    request.requestHeaders()
                                            .forEach(header -> headers.putIfAbsent(
                                                    header.getKey().toLowerCase(java.util.Locale.ROOT),
                                                    header.getValue()));
                                    URI uri = URI.create(request.uri());
                                    Map<String, Object> seen = new LinkedHashMap<>();
                                    seen.put("method", request.method().name());
                                    seen.put("path", uri.getRawPath());
                                    seen.put("query", uri.getRawQuery() == null ? "" : uri.getRawQuery());
                                    seen.put("headers", headers);
                                    seen.put("body", body);
                                    return response.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                                            .sendString(Mono.just(JSON.writeValueAsString(seen)))
                                            .then();
                                })))
                .bindNow();
    }

    /** A loopback port where nothing listens (bound, then released). */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

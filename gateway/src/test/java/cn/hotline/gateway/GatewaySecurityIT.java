package cn.hotline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.security.InternalToken;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.testing.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The gateway's security against real Redis (devstack) and tokens from {@link TestTokens}, routing to a
 * real upstream server that records what reached it: nothing refused at the gateway may reach a service.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewaySecurityIT {

    private static final AtomicInteger UPSTREAM_CALLS = new AtomicInteger();
    private static final DisposableServer UPSTREAM = HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle((request, response) -> {
                UPSTREAM_CALLS.incrementAndGet();
                String authorization = request.requestHeaders().get(HttpHeaders.AUTHORIZATION, "");
                String cookie = request.requestHeaders().get(HttpHeaders.COOKIE, "");
                return response.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                        .sendString(Mono.just("{\"path\":\"" + request.uri() + "\",\"authorization\":\"" + authorization
                                + "\",\"cookie\":\"" + cookie + "\"}"));
            })
            .bindNow();

    @LocalServerPort
    int port;

    @Autowired
    ReactiveStringRedisTemplate redis;

    WebTestClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        StackEndpoints stack = TestStack.endpoints();
        TestTokens.register(registry);
        String upstream = "http://127.0.0.1:" + UPSTREAM.port();
        for (String service : List.of("tenant", "call", "ticket", "auth")) {
            registry.add("cc.gateway.services." + service + ".uri", () -> upstream);
        }
        registry.add("spring.data.redis.host", stack::redisHost);
        registry.add("spring.data.redis.port", stack::redisPort);
        registry.add("cc.gateway.rate-limit.tenants.xuzhou-yb.requests-per-second", () -> "1");
        registry.add("cc.gateway.rate-limit.tenants.xuzhou-yb.burst", () -> "2");
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
    void ownTenantReachesTheServiceWithTheTokenRelayed() {
        String token = TestTokens.user("shushan", Role.AGENT);

        client.get()
                .uri("/api/ticket/tenants/shushan/tickets")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.path")
                .isEqualTo("/tenants/shushan/tickets")
                .jsonPath("$.authorization")
                .isEqualTo("Bearer " + token);
    }

    @Test
    void anotherTenantsPathIsNotFoundAndNeverReachesTheService() {
        int before = UPSTREAM_CALLS.get();

        expectProblem(
                client.get()
                        .uri("/api/ticket/tenants/nanning/tickets/1")
                        .headers(h -> h.setBearerAuth(TestTokens.user("shushan", Role.TENANT_ADMIN))),
                404,
                "NOT_FOUND");
        expectProblem(
                client.get()
                        .uri("/api/tenant/tenants/shushan/users")
                        .headers(h -> h.setBearerAuth(TestTokens.operator())),
                404,
                "NOT_FOUND");

        assertThat(UPSTREAM_CALLS.get()).isEqualTo(before);
    }

    @Test
    void untrustedOrMissingTokensAreUnauthenticated() {
        int before = UPSTREAM_CALLS.get();
        for (String token : List.of(
                TestTokens.foreignIssuer("shushan", Role.AGENT),
                TestTokens.issuerOfAnotherTenant("nanning", "shushan", Role.AGENT),
                TestTokens.expired("shushan", Role.AGENT),
                TestTokens.signedWithUnknownKey("shushan", Role.AGENT))) {
            expectProblem(
                    client.get().uri("/api/ticket/tenants/shushan/tickets").headers(h -> h.setBearerAuth(token)),
                    401,
                    "UNAUTHENTICATED");
        }
        expectProblem(client.get().uri("/api/ticket/tenants/shushan/tickets"), 401, "UNAUTHENTICATED");

        assertThat(UPSTREAM_CALLS.get()).isEqualTo(before);
    }

    @Test
    void internalPathsAreNeverRouted() {
        int before = UPSTREAM_CALLS.get();

        expectProblem(
                client.get()
                        .uri("/api/tenant/internal/tenants/shushan")
                        .header(InternalToken.HEADER, TestTokens.internalToken())
                        .headers(h -> h.setBearerAuth(TestTokens.operator())),
                404,
                "NOT_FOUND");

        assertThat(UPSTREAM_CALLS.get()).isEqualTo(before);
    }

    @Test
    void platformPathsNeedTheOperator() {
        client.get()
                .uri("/api/tenant/platform/tenants")
                .headers(h -> h.setBearerAuth(TestTokens.operator()))
                .exchange()
                .expectStatus()
                .isOk();

        expectProblem(
                client.get()
                        .uri("/api/tenant/platform/tenants")
                        .headers(h -> h.setBearerAuth(TestTokens.user("shushan", Role.TENANT_ADMIN))),
                403,
                "FORBIDDEN");
    }

    @Test
    void apiMeSaysWhoIsCalling() {
        client.get()
                .uri("/api/me")
                .headers(h -> h.setBearerAuth(TestTokens.user("nanning", List.of(Role.SUPERVISOR), "nanning.qingxiu")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.tenant")
                .isEqualTo("nanning")
                .jsonPath("$.scopeUnit")
                .isEqualTo("nanning.qingxiu")
                .jsonPath("$.roles[0]")
                .isEqualTo("SUPERVISOR")
                .jsonPath("$.name")
                .isEqualTo("测试用户");

        expectProblem(client.get().uri("/api/me"), 401, "UNAUTHENTICATED");
    }

    @Test
    void cookieRequestsWithoutTheCsrfTokenAreRefusedButBearerRequestsNeedNone() {
        expectProblem(
                client.post()
                        .uri("/api/ticket/tenants/shushan/tickets")
                        .cookie("CC_SESSION", "whatever")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{}"),
                403,
                "FORBIDDEN");

        client.post()
                .uri("/api/ticket/tenants/shushan/tickets")
                .headers(h -> h.setBearerAuth(TestTokens.user("shushan", Role.AGENT)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void tenantOverItsRateGets429WithRetryAfterAndOthersAreUnaffected() {
        redis.delete("t:xuzhou-yb:rl:api").block(Duration.ofSeconds(5));
        String xuzhou = TestTokens.user("xuzhou-yb", Role.AGENT);

        for (int i = 0; i < 2; i++) {
            client.get()
                    .uri("/api/call/tenants/xuzhou-yb/queues")
                    .headers(h -> h.setBearerAuth(xuzhou))
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
        int before = UPSTREAM_CALLS.get();
        WebTestClient.ResponseSpec refused = expectProblem(
                client.get().uri("/api/call/tenants/xuzhou-yb/queues").headers(h -> h.setBearerAuth(xuzhou)),
                429,
                "TENANT_QUOTA_EXCEEDED");

        refused.expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1");
        assertThat(UPSTREAM_CALLS.get()).isEqualTo(before);
        assertThat(redis.hasKey("t:xuzhou-yb:rl:api").block(Duration.ofSeconds(5)))
                .isTrue();
        client.get()
                .uri("/api/call/tenants/shushan/queues")
                .headers(h -> h.setBearerAuth(TestTokens.user("shushan", Role.AGENT)))
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void loginStartsAtTheTenantsIssuerWithPkceAndASessionInRedis() {
        client.get()
                .uri("/login/shushan")
                .exchange()
                .expectStatus()
                .is3xxRedirection()
                .expectHeader()
                .valueEquals(HttpHeaders.LOCATION, "/oauth2/authorization/shushan");

        var result = client.get()
                .uri("/oauth2/authorization/shushan")
                .exchange()
                .expectStatus()
                .is3xxRedirection()
                .returnResult(Void.class);

        URI location = result.getResponseHeaders().getLocation();
        assertThat(location).isNotNull();
        assertThat(location.toString()).startsWith(TestTokens.ISSUER_BASE + "/t/shushan/oauth2/authorize?");
        Map<String, String> query =
                UriComponentsBuilder.fromUri(location).build().getQueryParams().toSingleValueMap();
        assertThat(query)
                .containsEntry("client_id", "console-bff")
                .containsEntry("response_type", "code")
                .containsEntry("code_challenge_method", "S256")
                .containsKey("code_challenge")
                .containsKey("state");
        assertThat(query.get("redirect_uri")).endsWith("/login/oauth2/code/shushan");

        ResponseCookie session = result.getResponseCookies().getFirst("CC_SESSION");
        assertThat(session).isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");
        assertThat(redis.hasKey("cc:gateway:session:sessions:" + session.getValue())
                        .block(Duration.ofSeconds(5)))
                .isTrue();
    }

    @Test
    void logoutWithTheCsrfTokenRemovesTheSessionFromRedis() {
        ResponseCookie session = client.get()
                .uri("/oauth2/authorization/shushan")
                .exchange()
                .returnResult(Void.class)
                .getResponseCookies()
                .getFirst("CC_SESSION");
        assertThat(session).isNotNull();
        String key = "cc:gateway:session:sessions:" + session.getValue();
        assertThat(redis.hasKey(key).block(Duration.ofSeconds(5))).isTrue();
        ResponseCookie csrf = client.get()
                .uri("/")
                .exchange()
                .returnResult(Void.class)
                .getResponseCookies()
                .getFirst("XSRF-TOKEN");
        assertThat(csrf).isNotNull();

        expectProblem(client.post().uri("/logout").cookie("CC_SESSION", session.getValue()), 403, "FORBIDDEN");
        assertThat(redis.hasKey(key).block(Duration.ofSeconds(5))).isTrue();

        client.post()
                .uri("/logout")
                .cookie("CC_SESSION", session.getValue())
                .cookie("XSRF-TOKEN", csrf.getValue())
                .header("X-XSRF-TOKEN", csrf.getValue())
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(redis.hasKey(key).block(Duration.ofSeconds(5))).isFalse();
    }

    @Test
    void loginForSomethingThatIsNotATenantIsNotFound() {
        client.get()
                .uri("/oauth2/authorization/Not_A_Tenant")
                .exchange()
                .expectStatus()
                .value(status -> assertThat(status).isIn(400, 404));
    }

    private static WebTestClient.ResponseSpec expectProblem(
            WebTestClient.RequestHeadersSpec<?> request, int status, String code) {
        WebTestClient.ResponseSpec response = request.exchange();
        response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo(code)
                .jsonPath("$.requestId")
                .exists();
        return response;
    }
}

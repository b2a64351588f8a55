package cn.hotline.kernel.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.kernel.security.ServiceSecurityChainIT.ChainTestApplication;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.kernel.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The chain every WebFlux service gets from the kernel, against a tiny service on a real Netty port
 * with tokens from {@link TestTokens}.
 */
@SpringBootTest(
        classes = ChainTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.autoconfigure.exclude="
                    + "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration,"
                    + "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration,"
                    + "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcRepositoriesAutoConfiguration,"
                    + "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
            "management.health.defaults.enabled=false",
            "cc.security.open-paths=/hooks/**",
            // no Redis behind this chain test: do not connect to it at start-up
            "cc.redis.connect-at-start-up=false"
        })
class ServiceSecurityChainIT {

    @DynamicPropertySource
    static void trustTestTokens(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
    }

    @LocalServerPort
    private int port;

    private WebTestClient http;

    @BeforeEach
    void connect() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
    }

    @Test
    void ownTenantIsServedWithTenantAndScopeUnitBound() {
        String token = TestTokens.user("nanning", List.of(Role.AGENT), "nanning.qingxiu");

        http.get()
                .uri("/tenants/nanning/whoami")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.tenant")
                .isEqualTo("nanning")
                .jsonPath("$.roles[0]")
                .isEqualTo("AGENT")
                .jsonPath("$.bound")
                .isEqualTo("nanning/nanning.qingxiu");
    }

    @Test
    void handlingUnitScopeReachesTheTenantContext() {
        String token = TestTokens.user("nanning", List.of(Role.UNIT_USER), "unit:qingxiu-jtj");

        http.get()
                .uri("/tenants/nanning/whoami")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.bound")
                .isEqualTo("nanning/unit:qingxiu-jtj");
    }

    @Test
    void anotherTenantsPathIsNotFoundNotForbidden() {
        String token = TestTokens.user("shushan", Role.TENANT_ADMIN);

        expectProblem(http.get().uri("/tenants/nanning/whoami").headers(h -> h.setBearerAuth(token)), 404, "NOT_FOUND");
    }

    @Test
    void operatorDoesNotSeeTenantPaths() {
        expectProblem(
                http.get().uri("/tenants/shushan/whoami").headers(h -> h.setBearerAuth(TestTokens.operator())),
                404,
                "NOT_FOUND");
    }

    @Test
    void missingTokenIsUnauthenticated() {
        expectProblem(http.get().uri("/tenants/shushan/whoami"), 401, "UNAUTHENTICATED")
                .expectHeader()
                .valueEquals("WWW-Authenticate", "Bearer");
    }

    @Test
    void untrustedTokensAreUnauthenticated() {
        for (String token : List.of(
                TestTokens.foreignIssuer("shushan", Role.AGENT),
                TestTokens.issuerOfAnotherTenant("nanning", "shushan", Role.AGENT),
                TestTokens.expired("shushan", Role.AGENT),
                TestTokens.signedWithUnknownKey("shushan", Role.AGENT),
                "not-a-jwt")) {
            expectProblem(
                    http.get().uri("/tenants/shushan/whoami").headers(h -> h.setBearerAuth(token)),
                    401,
                    "UNAUTHENTICATED");
        }
    }

    @Test
    void tenantTokenClaimingOperatorRoleIsRefused() {
        String token = TestTokens.user("shushan", Role.OPERATOR);

        expectProblem(http.get().uri("/platform/ping").headers(h -> h.setBearerAuth(token)), 401, "UNAUTHENTICATED");
    }

    @Test
    void platformPathsNeedTheOperator() {
        http.get()
                .uri("/platform/ping")
                .headers(h -> h.setBearerAuth(TestTokens.operator()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("platform:operator");

        expectProblem(
                http.get()
                        .uri("/platform/ping")
                        .headers(h -> h.setBearerAuth(TestTokens.user("shushan", Role.TENANT_ADMIN))),
                403,
                "FORBIDDEN");
        expectProblem(http.get().uri("/platform/ping"), 401, "UNAUTHENTICATED");
    }

    @Test
    void internalPathsNeedTheInternalTokenAndBindNoTenant() {
        http.get()
                .uri("/internal/ping")
                .header(InternalToken.HEADER, TestTokens.internalToken())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("none");

        expectProblem(http.get().uri("/internal/ping"), 401, "UNAUTHENTICATED");
        expectProblem(
                http.get().uri("/internal/ping").header(InternalToken.HEADER, TestTokens.internalToken() + "x"),
                401,
                "UNAUTHENTICATED");
        expectProblem(
                http.get().uri("/internal/ping").headers(h -> h.setBearerAuth(TestTokens.operator())),
                401,
                "UNAUTHENTICATED");
    }

    @Test
    void openPathsOfTheServiceNeedNoTokenAndBindNoTenant() {
        http.get()
                .uri("/hooks/ping")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("none");
        http.get()
                .uri("/hooks/ping")
                .headers(h -> h.setBearerAuth(TestTokens.user("shushan", Role.AGENT)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("none");
    }

    @Test
    void healthIsOpen() {
        http.get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

    @Test
    void pathsOutsideTheModelAreNotFoundEvenWhenMapped() {
        expectProblem(
                http.get().uri("/elsewhere").headers(h -> h.setBearerAuth(TestTokens.user("shushan", Role.AGENT))),
                404,
                "NOT_FOUND");
        expectProblem(http.get().uri("/elsewhere"), 404, "NOT_FOUND");
    }

    private WebTestClient.ResponseSpec expectProblem(
            WebTestClient.RequestHeadersSpec<?> request, int status, String code) {
        WebTestClient.ResponseSpec response = request.exchange();
        response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = response.expectBody(Map.class).returnResult().getResponseBody();
        assertThat(body)
                .containsEntry("code", code)
                .containsEntry("status", status)
                .containsKey("requestId");
        return response;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ChainTestApplication {

        @Bean
        RouterFunction<ServerResponse> routes() {
            return RouterFunctions.route()
                    .GET("/tenants/{tenant}/whoami", request -> Callers.current()
                            .zipWith(Tenancy.current().map(ChainTestApplication::describe))
                            .flatMap(both -> ServerResponse.ok()
                                    .bodyValue(Map.of(
                                            "tenant", both.getT1().tenant().value(),
                                            "roles",
                                                    both.getT1().roles().stream()
                                                            .map(Role::name)
                                                            .toList(),
                                            "bound", both.getT2()))))
                    .GET("/platform/ping", request -> Tenancy.current()
                            .map(context -> context instanceof TenantContext.Platform ? "platform" : "tenant")
                            .zipWith(Callers.current())
                            .flatMap(both -> ServerResponse.ok()
                                    .bodyValue(both.getT1() + ":" + both.getT2().subject())))
                    .GET("/internal/ping", request -> Tenancy.current()
                            .map(ChainTestApplication::describe)
                            .defaultIfEmpty("none")
                            .flatMap(bound -> ServerResponse.ok().bodyValue(bound)))
                    .GET("/hooks/ping", request -> Tenancy.current()
                            .map(ChainTestApplication::describe)
                            .defaultIfEmpty("none")
                            .flatMap(bound -> ServerResponse.ok().bodyValue(bound)))
                    .GET("/elsewhere", request -> ServerResponse.ok().bodyValue("should not be reachable"))
                    .build();
        }

        private static String describe(TenantContext context) {
            return switch (context) {
                case TenantContext.Tenant t ->
                    t.tenant() + "/" + t.scopeUnit().map(Object::toString).orElse("");
                case TenantContext.Platform p -> "platform";
            };
        }
    }
}

package cn.hotline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.security.TenantTokens;
import cn.hotline.kernel.testing.TestTokens;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's sign-in through the gateway end to end, browser-free, against a stand-in issuer (a real HTTP
 * server with the token and JWKS endpoints of Spring Authorization Server's per-issuer layout, signing with
 * {@link TestTokens}' key) and real Redis: authorization code with PKCE, the session cookie, the token relayed
 * to the service, and the refresh with a rotated refresh token shortly before the access token expires. The same
 * flow against the real auth-server is the lead's end-to-end test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BffLoginIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicReference<String> NONCE = new AtomicReference<>();
    private static final List<Map<String, String>> TOKEN_REQUESTS = new CopyOnWriteArrayList<>();
    private static final AtomicInteger ISSUED = new AtomicInteger();
    private static final List<String> RELAYED = new CopyOnWriteArrayList<>();
    private static final DisposableServer ISSUER = startIssuer();
    private static final DisposableServer UPSTREAM = HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle((request, response) -> {
                RELAYED.add(request.requestHeaders().get(HttpHeaders.AUTHORIZATION, ""));
                return response.sendString(Mono.just("ok"));
            })
            .bindNow();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        StackEndpoints stack = TestStack.endpoints();
        TestTokens.register(registry);
        registry.add("cc.security.issuer-base", BffLoginIT::issuerBase);
        String upstream = "http://127.0.0.1:" + UPSTREAM.port();
        for (String service : List.of("tenant", "call", "ticket", "auth")) {
            registry.add("cc.gateway.services." + service + ".uri", () -> upstream);
        }
        registry.add("spring.data.redis.host", stack::redisHost);
        registry.add("spring.data.redis.port", stack::redisPort);
        registry.add("cc.gateway.bff.client-secret", () -> "bff-test-secret");
    }

    @AfterAll
    static void stop() {
        ISSUER.disposeNow();
        UPSTREAM.disposeNow();
    }

    @Test
    void signsInWithPkceRelaysTheTokenAndRefreshesItWithARotatedRefreshToken() throws Exception {
        WebTestClient browser = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();

        // 1. The console sends the browser to /login/shushan; the gateway redirects to the issuer with PKCE.
        var start =
                browser.get().uri("/oauth2/authorization/shushan").exchange().returnResult(Void.class);
        URI authorize = start.getResponseHeaders().getLocation();
        ResponseCookie session = start.getResponseCookies().getFirst("CC_SESSION");
        assertThat(authorize).isNotNull();
        assertThat(session).isNotNull();
        Map<String, String> query =
                UriComponentsBuilder.fromUri(authorize).build().getQueryParams().toSingleValueMap();
        NONCE.set(decode(query.get("nonce")));

        // 2. The issuer sends the browser back with a code; the gateway redeems it.
        var callback = browser.get()
                .uri(URI.create("http://127.0.0.1:" + port + "/login/oauth2/code/shushan?code=code-1&state="
                        + query.get("state")))
                .cookie("CC_SESSION", session.getValue())
                .exchange()
                .returnResult(Void.class);
        assertThat(callback.getStatus().is3xxRedirection())
                .as("callback answered %s", callback.getStatus())
                .isTrue();
        assertThat(callback.getResponseHeaders().getLocation()).hasToString("/");
        ResponseCookie signedIn = callback.getResponseCookies().getFirst("CC_SESSION");
        String sessionId = signedIn != null ? signedIn.getValue() : session.getValue();

        Map<String, String> redeem = TOKEN_REQUESTS.getFirst();
        assertThat(redeem)
                .containsEntry("grant_type", "authorization_code")
                .containsEntry("code", "code-1")
                .containsEntry(
                        "authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(
                                                "console-bff:bff-test-secret".getBytes(StandardCharsets.UTF_8)));
        String challenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256")
                        .digest(redeem.get("code_verifier").getBytes(StandardCharsets.US_ASCII)));
        assertThat(query.get("code_challenge")).isEqualTo(challenge);

        // 3. With only the cookie, the console calls a service; the gateway relays the session's access token.
        browser.get()
                .uri("/api/me")
                .cookie("CC_SESSION", sessionId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.tenant")
                .isEqualTo("shushan")
                .jsonPath("$.roles[0]")
                .isEqualTo("AGENT");
        browser.get()
                .uri("/api/ticket/tenants/shushan/tickets")
                .cookie("CC_SESSION", sessionId)
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(RELAYED.getLast()).isEqualTo("Bearer " + accessToken(1));
        browser.get()
                .uri("/api/ticket/tenants/nanning/tickets")
                .cookie("CC_SESSION", sessionId)
                .exchange()
                .expectStatus()
                .isNotFound();

        // 4. Within a minute of expiry the access token is refreshed; the rotated refresh token is kept.
        Thread.sleep(11_000);
        browser.get()
                .uri("/api/ticket/tenants/shushan/tickets")
                .cookie("CC_SESSION", sessionId)
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(TOKEN_REQUESTS).hasSize(2);
        assertThat(TOKEN_REQUESTS.get(1))
                .containsEntry("grant_type", "refresh_token")
                .containsEntry("refresh_token", "refresh-1");
        assertThat(RELAYED.getLast()).isEqualTo("Bearer " + accessToken(2));
    }

    private static final Map<Integer, String> ACCESS_TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String accessToken(int n) {
        return ACCESS_TOKENS.get(n);
    }

    private static String issuerBase() {
        return "http://127.0.0.1:" + ISSUER.port();
    }

    /** Token endpoint and JWK set of tenant shushan's issuer, answering like Spring Authorization Server. */
    private static DisposableServer startIssuer() {
        return HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.get("/t/shushan/oauth2/jwks", (request, response) -> response.header(
                                        HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                                .sendString(Mono.just(new JWKSet(new RSAKey.Builder(
                                                        TenantTokens.parsePublicKey(TestTokens.publicKeyPem()))
                                                .keyID("test")
                                                .build())
                                        .toString())))
                        .post("/t/shushan/oauth2/token", (request, response) -> request.receive()
                                .aggregate()
                                .asString()
                                .publishOn(Schedulers.boundedElastic()) // minting signs and draws random ids
                                .map(body -> {
                                    Map<String, String> form = form(body);
                                    form.put(
                                            "authorization",
                                            request.requestHeaders().get(HttpHeaders.AUTHORIZATION));
                                    TOKEN_REQUESTS.add(form);
                                    return tokenResponse(ISSUED.incrementAndGet());
                                })
                                .flatMap(json -> response.header(
                                                HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                                        .sendString(Mono.just(json))
                                        .then())))
                .bindNow();
    }

    private static String tokenResponse(int n) {
        String issuer = issuerBase() + "/t/shushan";
        Instant now = Instant.now();
        // The first access token expires in 70 s: inside the 60 s refresh margin after about 10 s.
        Instant expiry = now.plusSeconds(n == 1 ? 70 : 300);
        String access = TestTokens.mint(claims -> claims.issuer(issuer)
                .subject("u-shushan-1")
                .claim("tenant", "shushan")
                .claim("roles", List.of(Role.AGENT.name()))
                .claim("name", "坐席一")
                .expirationTime(Date.from(expiry)));
        ACCESS_TOKENS.put(n, access);
        String id = TestTokens.mint(claims -> claims.issuer(issuer)
                .subject("u-shushan-1")
                .audience("console-bff")
                .claim("azp", "console-bff")
                .claim("nonce", NONCE.get())
                .expirationTime(Date.from(now.plusSeconds(300))));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("access_token", access);
        response.put("token_type", "Bearer");
        response.put("expires_in", Duration.between(now, expiry).toSeconds());
        response.put("refresh_token", "refresh-" + n);
        response.put("scope", "openid profile");
        response.put("id_token", id);
        return JSON.writeValueAsString(response);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return form;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}

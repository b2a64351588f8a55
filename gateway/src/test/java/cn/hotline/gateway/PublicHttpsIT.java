package cn.hotline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.LocalCertificate;
import cn.hotline.devstack.StackEndpoints;
import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.security.TenantTokens;
import cn.hotline.kernel.testing.TestTokens;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.Cookie;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console reached by a name that is not localhost, as {@code ./run --public-host} serves it: the gateway speaks
 * HTTPS with the run's own certificate ({@link LocalCertificate}), the issuers are public ({@code
 * https://<name>/api/auth/t/<tenant>}) and the gateway fetches tokens from the issuer directly (back channel). Headless
 * Chromium (the name mapped to 127.0.0.1) signs in: every request the browser makes goes to {@code https://<name>:<gateway
 * port>} — never to the issuer's own port — and the page is a secure context (what the microphone needs).
 *
 * <p>The issuer is a stand-in answering like Spring Authorization Server for a user who is already signed in (the
 * authorize request is redirected back with a code at once); the real auth-server's pinned public issuer base
 * ({@code CC_AUTH_ISSUER_BASE}, its {@code PinnedIssuerBase}) is what keeps its login pages on the public address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class PublicHttpsIT {

    private static final String HOST = "agents.example.test";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PORT = freePort();
    private static final String PUBLIC = "https://" + HOST + ":" + PORT;
    private static final LocalCertificate CERTIFICATE = certificate();
    private static final AtomicReference<String> NONCE = new AtomicReference<>();
    private static final List<Map<String, String>> AUTHORIZE_REQUESTS = new CopyOnWriteArrayList<>();
    private static final List<String> TOKEN_REQUESTS = new CopyOnWriteArrayList<>();
    private static final DisposableServer ISSUER = startIssuer();

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LocalCertificate certificate() {
        try {
            return LocalCertificate.ensure(Files.createTempDirectory("gateway-tls-"), HOST);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        StackEndpoints stack = TestStack.endpoints();
        TestTokens.register(registry);
        registry.add("server.port", () -> PORT);
        registry.add("server.ssl.enabled", () -> "true");
        registry.add("server.ssl.key-store", () -> CERTIFICATE.keyStore().toString());
        registry.add("server.ssl.key-store-type", () -> "PKCS12");
        registry.add("server.ssl.key-store-password", CERTIFICATE::password);
        registry.add("server.ssl.key-alias", () -> LocalCertificate.SERVER_ALIAS);
        registry.add("cc.security.issuer-base", () -> PUBLIC + "/api/auth");
        registry.add("cc.gateway.bff.backchannel-issuer-base", () -> "http://127.0.0.1:" + ISSUER.port());
        registry.add("cc.gateway.bff.secure-cookie", () -> "true");
        registry.add("cc.gateway.bff.client-secret", () -> "bff-test-secret");
        for (String service : List.of("tenant", "call", "ticket", "auth")) {
            registry.add("cc.gateway.services." + service + ".uri", () -> "http://127.0.0.1:" + ISSUER.port());
        }
        registry.add("spring.data.redis.host", stack::redisHost);
        registry.add("spring.data.redis.port", stack::redisPort);
    }

    @AfterAll
    static void stop() {
        ISSUER.disposeNow();
    }

    @Test
    void theGatewayServesItsCertificateForThePublicNameSignedByTheRunsCa() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(CERTIFICATE.trustingContext())
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
        // 127.0.0.1 is in the certificate too: the launcher's health check verifies it like a browser would
        HttpResponse<String> health = client.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + PORT + "/actuator/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.sslSession()).isPresent();
        assertThat(health.sslSession().orElseThrow().getPeerCertificates()[0])
                .isEqualTo(CERTIFICATE.chain().getFirst());
    }

    @Test
    void aBrowserSignsInOverHttpsAtThePublicNameWithoutEverLeavingTheGateway() {
        List<String> requested = new CopyOnWriteArrayList<>();
        try (Playwright playwright = Playwright.create(
                        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                Browser browser = playwright
                        .chromium()
                        .launch(new BrowserType.LaunchOptions()
                                .setExecutablePath(Path.of("/usr/bin/chromium"))
                                .setHeadless(true)
                                .setArgs(List.of(
                                        "--no-sandbox",
                                        "--host-resolver-rules=MAP " + HOST + " 127.0.0.1",
                                        "--use-fake-ui-for-media-stream",
                                        "--use-fake-device-for-media-stream")));
                BrowserContext context =
                        browser.newContext(new Browser.NewContextOptions().setIgnoreHTTPSErrors(true))) {
            Page page = context.newPage();
            page.onRequest(request -> requested.add(request.url()));

            page.onResponse(response -> requested.add("  <- " + response.status() + " " + response.url()));
            try {
                page.navigate(PUBLIC + "/login/shushan");
                // the console at / (it then routes in the hash, e.g. /#/agent)
                page.waitForURL(
                        url -> url.equals(PUBLIC + "/") || url.startsWith(PUBLIC + "/#"),
                        new Page.WaitForURLOptions().setTimeout(30_000));
            } catch (com.microsoft.playwright.PlaywrightException e) {
                throw new AssertionError("the sign-in stopped at " + page.url() + " after " + requested, e);
            }
            requested.removeIf(url -> url.startsWith("  <- "));

            assertThat(requested)
                    .as("every request of the sign-in went to the gateway's public address")
                    .isNotEmpty()
                    .allSatisfy(url -> assertThat(url).startsWith(PUBLIC + "/"));
            assertThat(requested)
                    .anySatisfy(url -> assertThat(url).startsWith(PUBLIC + "/api/auth/t/shushan/oauth2/authorize?"));
            assertThat(AUTHORIZE_REQUESTS).hasSize(1);
            Map<String, String> authorize = AUTHORIZE_REQUESTS.getFirst();
            // the browser's redirect back is the public address; auth-server itself knows its public base from
            // configuration (CC_AUTH_ISSUER_BASE, pinned): the gateway sends no X-Forwarded-* headers (Spring Cloud
            // Gateway adds them only with trusted-proxies set, and auth-server would drop them anyway)
            assertThat(authorize).containsEntry("redirect_uri", PUBLIC + "/login/oauth2/code/shushan");
            assertThat(TOKEN_REQUESTS)
                    .as("the code was redeemed over the back channel")
                    .hasSize(1);

            assertThat(page.evaluate("() => window.isSecureContext"))
                    .as("a secure context: the browser may give it the microphone")
                    .isEqualTo(true);
            assertThat(page.evaluate("() => !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia)"))
                    .isEqualTo(true);
            Object me = page.evaluate("() => fetch('/api/me').then(r => r.json())");
            assertThat(me).asString().contains("tenant=shushan");
            Cookie session = context.cookies().stream()
                    .filter(cookie -> cookie.name.equals("CC_SESSION"))
                    .findFirst()
                    .orElseThrow();
            assertThat(session.secure).as("the session cookie is Secure").isTrue();
            assertThat(session.httpOnly).isTrue();
        }
    }

    /** The issuer's authorize (reached through the gateway), token and JWK set endpoints, Spring Authorization Server's layout. */
    private static DisposableServer startIssuer() {
        return HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.get("/t/shushan/oauth2/authorize", (request, response) -> {
                            Map<String, String> query = UriComponentsBuilder.fromUriString(request.uri())
                                    .build()
                                    .getQueryParams()
                                    .toSingleValueMap();
                            Map<String, String> seen = new LinkedHashMap<>();
                            for (String header :
                                    List.of("x-forwarded-proto", "x-forwarded-host", "x-forwarded-prefix")) {
                                String value = request.requestHeaders().get(header);
                                if (value != null) {
                                    seen.put(header, value);
                                }
                            }
                            String redirect = decode(query.get("redirect_uri"));
                            seen.put("redirect_uri", redirect);
                            AUTHORIZE_REQUESTS.add(seen);
                            NONCE.set(decode(query.get("nonce")));
                            // a user already signed in at the issuer: straight back with a code
                            return response.status(302)
                                    .header(HttpHeaders.LOCATION, redirect + "?code=code-1&state=" + query.get("state"))
                                    .send();
                        })
                        .get("/t/shushan/oauth2/jwks", (request, response) -> response.header(
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
                                    TOKEN_REQUESTS.add(body);
                                    return tokenResponse();
                                })
                                .flatMap(json -> response.header(
                                                HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                                        .sendString(Mono.just(json))
                                        .then())))
                .bindNow();
    }

    private static String tokenResponse() {
        String issuer = PUBLIC + "/api/auth/t/shushan";
        Instant now = Instant.now();
        String access = TestTokens.mint(claims -> claims.issuer(issuer)
                .subject("u-shushan-remote")
                .claim("tenant", "shushan")
                .claim("roles", List.of(Role.AGENT.name()))
                .claim("name", "远程坐席")
                .expirationTime(Date.from(now.plusSeconds(300))));
        String id = TestTokens.mint(claims -> claims.issuer(issuer)
                .subject("u-shushan-remote")
                .audience("console-bff")
                .claim("azp", "console-bff")
                .claim("nonce", NONCE.get())
                .expirationTime(Date.from(now.plusSeconds(300))));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("access_token", access);
        response.put("token_type", "Bearer");
        response.put("expires_in", Duration.ofSeconds(300).toSeconds());
        response.put("refresh_token", "refresh-1");
        response.put("scope", "openid profile");
        response.put("id_token", id);
        return JSON.writeValueAsString(response);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}

package cn.hotline.auth;

import static cn.hotline.auth.Browser.basic;
import static cn.hotline.auth.Browser.location;
import static cn.hotline.auth.Browser.queryOf;
import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.test.RealServers;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * auth-server against the devstack PostgreSQL ({@code cc_auth}) and tenant-service's internal
 * contract ({@link TenantServiceContract}), driven like a browser and like the gateway would.
 */
@RealServers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuthServerIT {

    static final String GATEWAY = "http://gateway.test";
    static final String CONSOLE_SECRET = "console-test-secret";
    static final UpstreamIdentityProvider UPSTREAM = startUpstream();
    static final TenantServiceContract TENANT_SERVICE = start();

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private cn.hotline.auth.token.AuthorizationHousekeeping housekeeping;

    private static UpstreamIdentityProvider startUpstream() {
        try {
            return new UpstreamIdentityProvider();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static TenantServiceContract start() {
        try {
            return new TenantServiceContract(UPSTREAM.issuer());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void tenantService(DynamicPropertyRegistry registry) {
        registry.add("cc.auth.tenant-service-url", TENANT_SERVICE::url);
        registry.add("cc.auth.internal-token", () -> TenantServiceContract.INTERNAL_TOKEN);
        registry.add("cc.auth.gateway-url", () -> GATEWAY);
        registry.add("cc.auth.console-client-secret", () -> CONSOLE_SECRET);
        registry.add("cc.auth.tenant-cache-ttl", () -> "1s");
    }

    @AfterAll
    static void stop() {
        TENANT_SERVICE.close();
        UPSTREAM.close();
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private Browser browser() {
        return new Browser(base());
    }

    // --- issuers ---------------------------------------------------------------------------------

    @Test
    void healthIsOpenForProbesAndCarriesTheRequestId() throws Exception {
        HttpResponse<String> health = browser().get("/actuator/health", "X-Request-Id", "auth-test-0001");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        assertThat(health.headers().firstValue("X-Request-Id")).contains("auth-test-0001");
    }

    @Test
    void eachActiveTenantHasItsOwnIssuer() throws Exception {
        HttpResponse<String> discovery = browser().get("/t/shushan/.well-known/openid-configuration");

        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(discovery.body()).contains("\"issuer\":\"" + base() + "/t/shushan\"");
        assertThat(TENANT_SERVICE.unauthorizedCalls).hasValue(0);
    }

    @Test
    void theOperatorsIssuerIsPlatform() throws Exception {
        HttpResponse<String> discovery = browser().get("/t/platform/.well-known/openid-configuration");

        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(discovery.body()).contains("\"issuer\":\"" + base() + "/t/platform\"");
    }

    @Test
    void suspendedOrUnknownTenantsIssueNothing() throws Exception {
        Browser browser = browser();
        for (String tenant : List.of("dormant", "nowhere")) {
            assertThat(browser.get("/t/" + tenant + "/.well-known/openid-configuration")
                            .statusCode())
                    .as("discovery of %s", tenant)
                    .isEqualTo(404);
            HttpResponse<String> page = browser.get("/t/" + tenant + "/login", "Accept", "text/html");
            assertThat(page.statusCode()).isEqualTo(404);
            assertThat(page.body()).contains("该单位不存在或已停用");
            assertThat(browser.get("/t/" + tenant + "/login").statusCode())
                    .as("login page of %s", tenant)
                    .isEqualTo(404);
            HttpResponse<String> token = browser.post(
                    "/t/" + tenant + "/oauth2/token",
                    Map.of("grant_type", "client_credentials"),
                    "Authorization",
                    basic("city-shushan", TenantServiceContract.CITY_SECRET));
            assertThat(token.statusCode()).as("token endpoint of %s", tenant).isEqualTo(404);
            assertThat(token.body()).contains("\"code\":\"NOT_FOUND\"").doesNotContain("access_token");
        }
    }

    @Test
    void suspendingATenantClosesItsIssuerOnceTheCachedStatusExpires() throws Exception {
        TENANT_SERVICE.flippingStatus = "ACTIVE";
        Browser browser = browser();
        assertThat(browser.get("/t/flipping/.well-known/openid-configuration").statusCode())
                .isEqualTo(200);

        TENANT_SERVICE.flippingStatus = "SUSPENDED";
        Thread.sleep(1_200);

        assertThat(browser.get("/t/flipping/.well-known/openid-configuration").statusCode())
                .isEqualTo(404);
        assertThat(browser.get("/t/flipping/login").statusCode()).isEqualTo(404);
        TENANT_SERVICE.flippingStatus = "ACTIVE";
    }

    @Test
    void tenantNamesAreEscapedOnTheLoginPage() throws Exception {
        String page = browser().get("/t/markup/login").body();

        assertThat(page).doesNotContain("<script>").contains("&lt;script&gt;");
    }

    @Test
    void endpointsWithoutATenantIssuerDoNotExist() throws Exception {
        HttpResponse<String> token = browser()
                .post(
                        "/oauth2/token",
                        Map.of("grant_type", "client_credentials"),
                        "Authorization",
                        basic("city-shushan", TenantServiceContract.CITY_SECRET));

        assertThat(token.statusCode()).isEqualTo(404);
        assertThat(browser().get("/.well-known/openid-configuration").statusCode())
                .isEqualTo(404);
    }

    @Test
    void pagesThatNeedASignedInUserGoToTheLoginPage() throws Exception {
        HttpResponse<String> page = browser().get("/anything", "Accept", "text/html");

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(location(page)).endsWith("/t/platform/login");
    }

    // --- login page ------------------------------------------------------------------------------

    @Test
    void loginPageIsChineseWithAnEnglishSwitch() throws Exception {
        HttpResponse<String> chinese = browser().get("/t/shushan/login");
        HttpResponse<String> english = browser().get("/t/shushan/login?lang=en");

        assertThat(chinese.statusCode()).isEqualTo(200);
        assertThat(chinese.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(chinese.body())
                .contains("lang=\"zh-CN\"", "蜀山区12345", "用户名", "密码", "?lang=en", "name=\"_csrf\"")
                .doesNotContain("http://", "https://");
        assertThat(english.body()).contains("lang=\"en\"", "Username", "Password", "Sign in");
    }

    @Test
    void loginFormMayLeadBackToTheGatewayButNowhereElse() throws Exception {
        HttpResponse<String> page = browser().get("/t/shushan/login");

        // Chromium applies form-action to the redirects after the POST, which end at the gateway's callback
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValue("default-src 'none'; style-src 'unsafe-inline'; form-action 'self' " + GATEWAY);
    }

    @Test
    void wrongPasswordSaysSoInChinese() throws Exception {
        Browser browser = browser();
        HttpResponse<String> post = browser.logIn("shushan", "agent01", "not-the-password");

        assertThat(post.statusCode()).isEqualTo(302);
        assertThat(location(post)).endsWith("/t/shushan/login?error=bad_credentials");
        assertThat(browser.get(location(post)).body()).contains("用户名或密码错误");
        assertThat(browser.get("/t/shushan/signed-in", "Accept", "text/html").statusCode())
                .as("still not signed in")
                .isEqualTo(302);
    }

    @Test
    void lockedAccountSaysWhenToTryAgain() throws Exception {
        Browser browser = browser();
        HttpResponse<String> post = browser.logIn("shushan", "locked01", "whatever");

        assertThat(location(post)).endsWith("/t/shushan/login?error=account_locked&retry=180");
        assertThat(browser.get(location(post)).body()).contains("账户已被临时锁定", "3 分钟");
        assertThat(browser.get(location(post) + "&lang=en").body()).contains("locked", "3 minutes");
    }

    // --- authorization code + PKCE ---------------------------------------------------------------

    @Test
    void signsInWithPkceAndGetsShortLivedTokensWithTheTenantsClaims() throws Exception {
        Map<String, Object> tokens = signIn(browser(), "shushan", "agent01", "agent01-pass");

        assertThat(tokens).containsKeys("access_token", "refresh_token", "id_token");
        assertThat(((Number) tokens.get("expires_in")).longValue()).isBetween(1L, 600L);
        Jwt access = decode("shushan", (String) tokens.get("access_token"));
        assertThat(access.getIssuer()).hasToString(base() + "/t/shushan");
        assertThat(access.getSubject()).isEqualTo(TenantServiceContract.SHUSHAN_AGENT_ID);
        assertThat(access.getClaimAsString("tenant")).isEqualTo("shushan");
        assertThat(access.getClaimAsStringList("roles")).containsExactly("AGENT");
        assertThat(access.getClaimAsString("name")).isEqualTo("张三");
        assertThat(access.hasClaim("scope_unit")).isFalse();
        assertThat(Duration.between(access.getIssuedAt(), access.getExpiresAt()))
                .isLessThanOrEqualTo(Duration.ofMinutes(10))
                .isEqualTo(Duration.ofMinutes(5));
        Jwt id = decode("shushan", (String) tokens.get("id_token"));
        assertThat(id.getClaimAsString("tenant")).isEqualTo("shushan");
        assertThat(id.getAudience()).containsExactly("console-bff");
    }

    @Test
    void workstationUsersCarryTheirScopeUnit() throws Exception {
        Map<String, Object> tokens = signIn(browser(), "nanning", "qx-agent", "qx-agent-pass");

        Jwt access = decode("nanning", (String) tokens.get("access_token"));
        assertThat(access.getClaimAsString("tenant")).isEqualTo("nanning");
        assertThat(access.getClaimAsString("scope_unit")).isEqualTo("nanning.qingxiu");
        assertThat(access.getClaimAsStringList("roles")).containsExactly("AGENT", "SUPERVISOR");
    }

    @Test
    void operatorsSignInOnThePlatformIssuer() throws Exception {
        Map<String, Object> tokens = signIn(browser(), "platform", "operator", "operator-pass");

        Jwt access = decode("platform", (String) tokens.get("access_token"));
        assertThat(access.getIssuer()).hasToString(base() + "/t/platform");
        assertThat(access.getClaimAsString("tenant")).isEqualTo("platform");
        assertThat(access.getClaimAsStringList("roles")).containsExactly("OPERATOR");
    }

    @Test
    void aSessionOfOneTenantGetsNoCodeFromAnotherTenantsIssuer() throws Exception {
        Browser browser = browser();
        signIn(browser, "shushan", "agent01", "agent01-pass");

        HttpResponse<String> elsewhere = browser.get(authorizeUrl("nanning", "x"), "Accept", "text/html");

        assertThat(elsewhere.statusCode()).isEqualTo(302);
        assertThat(location(elsewhere)).endsWith("/t/nanning/login").doesNotContain("code=");
    }

    @Test
    void theConsoleClientRedirectsOnlyToItsOwnTenantsCallback() throws Exception {
        Browser browser = browser();
        browser.get(authorizeUrl("shushan", "x"), "Accept", "text/html");
        browser.logIn("shushan", "agent01", "agent01-pass");

        String foreignCallback = URLEncoder.encode(GATEWAY + "/login/oauth2/code/nanning", StandardCharsets.UTF_8);
        HttpResponse<String> authorize = browser.get(
                "/t/shushan/oauth2/authorize?response_type=code&client_id=console-bff&scope=openid&state=s"
                        + "&code_challenge=" + Browser.challengeOf("x".repeat(43)) + "&code_challenge_method=S256"
                        + "&redirect_uri=" + foreignCallback,
                "Accept",
                "text/html");

        assertThat(authorize.statusCode()).isEqualTo(400);
        assertThat(authorize.headers().firstValue("Location")).isEmpty();
    }

    // --- federation with the tenant's identity platform ------------------------------------------

    @Test
    void federatedLoginMapsTheUpstreamSubjectToTheLinkedAccount() throws Exception {
        UPSTREAM.nextSubject = "gov-subject-42";
        Browser browser = browser();
        String verifier = Browser.newVerifier();
        HttpResponse<String> authorize = browser.get(authorizeUrl("xuzhou-yb", verifier), "Accept", "text/html");
        assertThat(location(authorize)).endsWith("/t/xuzhou-yb/login");
        assertThat(browser.get("/t/xuzhou-yb/login").body())
                .contains("使用徐州市统一身份认证平台登录", "/t/xuzhou-yb/federation/start");

        HttpResponse<String> upstream = browser.get("/t/xuzhou-yb/federation/start");
        assertThat(location(upstream)).startsWith(UPSTREAM.issuer() + "/authorize?");
        HttpResponse<String> callback = browser.get(location(upstream));
        assertThat(location(callback)).startsWith(base() + "/t/xuzhou-yb/federation/callback?code=");
        HttpResponse<String> signedIn = browser.get(location(callback));
        assertThat(location(signedIn)).contains("/t/xuzhou-yb/oauth2/authorize");
        HttpResponse<String> back = browser.get(location(signedIn), "Accept", "text/html");
        Map<String, Object> tokens = exchangeCode("xuzhou-yb", location(back), verifier);

        Jwt access = decode("xuzhou-yb", (String) tokens.get("access_token"));
        assertThat(access.getSubject()).isEqualTo(TenantServiceContract.FEDERATED_USER_ID);
        assertThat(access.getClaimAsString("tenant")).isEqualTo("xuzhou-yb");
        assertThat(access.getClaimAsString("name")).isEqualTo("王五");
    }

    @Test
    void anUpstreamIdentityWithoutALinkedAccountSignsNobodyIn() throws Exception {
        UPSTREAM.nextSubject = "gov-stranger";
        Browser browser = browser();

        HttpResponse<String> upstream = browser.get("/t/xuzhou-yb/federation/start");
        HttpResponse<String> callback = browser.get(location(upstream));
        HttpResponse<String> result = browser.get(location(callback));

        assertThat(location(result)).endsWith("/t/xuzhou-yb/login?error=not_linked");
        assertThat(browser.get(location(result)).body()).contains("尚未关联");
        assertThat(browser.get("/t/xuzhou-yb/signed-in", "Accept", "text/html").statusCode())
                .isEqualTo(302);
    }

    @Test
    void aCallbackThatDoesNotMatchTheLoginInProgressIsRefused() throws Exception {
        UPSTREAM.nextSubject = "gov-subject-42";
        Browser browser = browser();
        HttpResponse<String> upstream = browser.get("/t/xuzhou-yb/federation/start");
        String callback = location(browser.get(location(upstream)));
        String forged = callback.replaceAll("state=[^&]+", "state=forged");

        HttpResponse<String> result = browser.get(forged);

        assertThat(location(result)).endsWith("/t/xuzhou-yb/login?error=federation_failed");
        assertThat(browser.get(callback).headers().firstValue("Location"))
                .as("the login in progress is spent after one callback")
                .hasValueSatisfying(l -> assertThat(l).endsWith("error=federation_failed"));
    }

    @Test
    void tenantsWithoutFederationOfferOnlyThePasswordForm() throws Exception {
        HttpResponse<String> page = browser().get("/t/shushan/login");
        HttpResponse<String> start = browser().get("/t/shushan/federation/start");

        assertThat(page.body()).doesNotContain("federation/start");
        assertThat(location(start)).endsWith("/t/shushan/login?error=federation_failed");
    }

    // --- refresh tokens ---------------------------------------------------------------------------

    @Test
    void refreshTokensRotateAndReusingOneRevokesTheWholeAuthorization() throws Exception {
        Map<String, Object> first = signIn(browser(), "shushan", "agent01", "agent01-pass");
        String r1 = (String) first.get("refresh_token");
        assertThat(jdbc.queryForObject(
                        "select count(*) from oauth2_authorization where refresh_token_value = ?", Integer.class, r1))
                .as("kept in cc_auth, so it survives a restart")
                .isEqualTo(1);

        HttpResponse<String> rotated = refresh("shushan", r1);
        assertThat(rotated.statusCode()).isEqualTo(200);
        String r2 = (String) Browser.json(rotated.body()).get("refresh_token");
        assertThat(r2).isNotBlank().isNotEqualTo(r1);
        Jwt refreshed = decode("shushan", (String) Browser.json(rotated.body()).get("access_token"));
        assertThat(refreshed.getClaimAsString("tenant")).isEqualTo("shushan");
        assertThat(refreshed.getClaimAsString("name")).isEqualTo("张三");

        HttpResponse<String> reused = refresh("shushan", r1);
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(reused.body()).contains("invalid_grant");

        HttpResponse<String> afterReuse = refresh("shushan", r2);
        assertThat(afterReuse.statusCode())
                .as("the current refresh token died with the authorization")
                .isEqualTo(400);
        assertThat(afterReuse.body()).contains("invalid_grant");
    }

    @Test
    void aRefreshTokenChainLastsAsLongAsEachTokenIsUsedOnce() throws Exception {
        String token =
                (String) signIn(browser(), "shushan", "agent01", "agent01-pass").get("refresh_token");

        for (int round = 0; round < 3; round++) {
            HttpResponse<String> refreshed = refresh("shushan", token);
            assertThat(refreshed.statusCode()).as("round %d", round).isEqualTo(200);
            String next = (String) Browser.json(refreshed.body()).get("refresh_token");
            assertThat(next).isNotEqualTo(token);
            token = next;
        }
    }

    @Test
    void housekeepingRemovesOnlyWhatHasExpired() throws Exception {
        String live =
                (String) signIn(browser(), "shushan", "agent01", "agent01-pass").get("refresh_token");
        String id = "expired-" + Browser.newVerifier().substring(0, 20);
        jdbc.update(
                "insert into oauth2_authorization (id, registered_client_id, principal_name, authorization_grant_type,"
                        + " refresh_token_value, refresh_token_expires_at, access_token_expires_at)"
                        + " values (?, 'console-bff@shushan', 'u', 'authorization_code', 'old-token',"
                        + " now() - interval '2 hours', now() - interval '3 hours')",
                id);
        jdbc.update(
                "insert into used_refresh_token (token_hash, authorization_id, used_at)"
                        + " values (?, ?, now() - interval '30 days')",
                RefreshHash.of(id),
                id);

        housekeeping.purge();

        assertThat(jdbc.queryForObject("select count(*) from oauth2_authorization where id = ?", Integer.class, id))
                .isZero();
        assertThat(jdbc.queryForObject(
                        "select count(*) from used_refresh_token where authorization_id = ?", Integer.class, id))
                .isZero();
        assertThat(refresh("shushan", live).statusCode())
                .as("a live authorization stays")
                .isEqualTo(200);
    }

    /** A 64-character stand-in for a token hash. */
    private static final class RefreshHash {
        static String of(String seed) throws Exception {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(seed.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aRefreshTokenWorksOnlyAtItsOwnIssuer() throws Exception {
        Map<String, Object> tokens = signIn(browser(), "shushan", "agent01", "agent01-pass");

        HttpResponse<String> foreign = refresh("nanning", (String) tokens.get("refresh_token"));

        assertThat(foreign.statusCode()).isIn(400, 401);
        assertThat(foreign.body()).doesNotContain("access_token");
    }

    // --- the city platform's API client -----------------------------------------------------------

    @Test
    void cityPlatformClientGetsTokensFromItsTenantsIssuerOnly() throws Exception {
        HttpResponse<String> own = clientCredentials("shushan", "city-shushan", TenantServiceContract.CITY_SECRET);

        assertThat(own.statusCode()).isEqualTo(200);
        Jwt token = decode("shushan", (String) Browser.json(own.body()).get("access_token"));
        assertThat(token.getIssuer()).hasToString(base() + "/t/shushan");
        assertThat(token.getSubject()).isEqualTo("city-shushan");
        assertThat(token.getClaimAsString("tenant")).isEqualTo("shushan");
        assertThat(token.getClaimAsStringList("roles")).containsExactly("CITY_PLATFORM");
        assertThat(Duration.between(token.getIssuedAt(), token.getExpiresAt()))
                .isLessThanOrEqualTo(Duration.ofMinutes(10));

        HttpResponse<String> foreign = clientCredentials("nanning", "city-shushan", TenantServiceContract.CITY_SECRET);
        assertThat(foreign.statusCode()).isEqualTo(401);
        assertThat(foreign.body()).contains("invalid_client").doesNotContain("access_token");

        HttpResponse<String> wrongSecret = clientCredentials("shushan", "city-shushan", "guess");
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
    }

    @Test
    void cityClientWithPrivateKeyJwtGetsTokensFromItsTenantsIssuerOnly() throws Exception {
        HttpResponse<String> own = privateKeyJwt("nanning", assertion("nanning"));

        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        Jwt token = decode("nanning", (String) Browser.json(own.body()).get("access_token"));
        assertThat(token.getClaimAsString("tenant")).isEqualTo("nanning");
        assertThat(token.getClaimAsStringList("roles")).containsExactly("CITY_PLATFORM");

        HttpResponse<String> foreign = privateKeyJwt("shushan", assertion("shushan"));
        assertThat(foreign.statusCode()).isEqualTo(401);

        HttpResponse<String> aimedElsewhere = privateKeyJwt("nanning", assertion("shushan"));
        assertThat(aimedElsewhere.statusCode())
                .as("an assertion for another issuer")
                .isEqualTo(401);
    }

    @Test
    void aClientAssertionCannotBeReplayed() throws Exception {
        String assertion = assertion("nanning");

        assertThat(privateKeyJwt("nanning", assertion).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = privateKeyJwt("nanning", assertion);

        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).doesNotContain("access_token");
    }

    private String assertion(String audienceTenant) throws Exception {
        java.time.Instant now = java.time.Instant.now();
        com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(
                new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256)
                        .keyID(TenantServiceContract.CITY_KEY.getKeyID())
                        .build(),
                new com.nimbusds.jwt.JWTClaimsSet.Builder()
                        .issuer("city-nanning-jwt")
                        .subject("city-nanning-jwt")
                        .audience(base() + "/t/" + audienceTenant + "/oauth2/token")
                        .jwtID(Browser.newVerifier())
                        .issueTime(java.util.Date.from(now))
                        .expirationTime(java.util.Date.from(now.plusSeconds(60)))
                        .build());
        jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(TenantServiceContract.CITY_KEY));
        return jwt.serialize();
    }

    private HttpResponse<String> privateKeyJwt(String tenant, String assertion) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", "city-nanning-jwt");
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", assertion);
        return browser().post("/t/" + tenant + "/oauth2/token", form);
    }

    @Test
    void theConsoleClientCannotUseClientCredentials() throws Exception {
        HttpResponse<String> response = clientCredentials("shushan", "console-bff", CONSOLE_SECRET);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("unauthorized_client");
    }

    // --- helpers ----------------------------------------------------------------------------------

    private String authorizeUrl(String tenant, String verifier) throws Exception {
        return "/t/" + tenant + "/oauth2/authorize?response_type=code&client_id=console-bff"
                + "&scope=openid%20profile&state=state-" + tenant
                + "&redirect_uri=" + URLEncoder.encode(GATEWAY + "/login/oauth2/code/" + tenant, StandardCharsets.UTF_8)
                + "&code_challenge=" + Browser.challengeOf(verifier) + "&code_challenge_method=S256";
    }

    /** The gateway's part and the browser's: authorize, log in, follow back, exchange the code. */
    private Map<String, Object> signIn(Browser browser, String tenant, String username, String password)
            throws Exception {
        String verifier = Browser.newVerifier();
        HttpResponse<String> authorize = browser.get(authorizeUrl(tenant, verifier), "Accept", "text/html");
        assertThat(authorize.statusCode()).isEqualTo(302);
        assertThat(location(authorize)).endsWith("/t/" + tenant + "/login");

        HttpResponse<String> login = browser.logIn(tenant, username, password);
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(location(login)).contains("/t/" + tenant + "/oauth2/authorize");

        HttpResponse<String> back = browser.get(location(login), "Accept", "text/html");
        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        return exchangeCode(tenant, location(back), verifier);
    }

    /** The gateway's part: check the callback, exchange the code with the PKCE verifier. */
    private Map<String, Object> exchangeCode(String tenant, String callback, String verifier) throws Exception {
        assertThat(callback).startsWith(GATEWAY + "/login/oauth2/code/" + tenant + "?");
        Map<String, String> query = queryOf(callback);
        assertThat(query).containsEntry("state", "state-" + tenant).containsKey("code");

        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", query.get("code"));
        form.put("redirect_uri", GATEWAY + "/login/oauth2/code/" + tenant);
        form.put("code_verifier", verifier);
        HttpResponse<String> token = browser()
                .post("/t/" + tenant + "/oauth2/token", form, "Authorization", basic("console-bff", CONSOLE_SECRET));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return Browser.json(token.body());
    }

    private HttpResponse<String> refresh(String tenant, String refreshToken) throws Exception {
        return browser()
                .post(
                        "/t/" + tenant + "/oauth2/token",
                        Map.of("grant_type", "refresh_token", "refresh_token", refreshToken),
                        "Authorization",
                        basic("console-bff", CONSOLE_SECRET));
    }

    private HttpResponse<String> clientCredentials(String tenant, String clientId, String secret) throws Exception {
        return browser()
                .post(
                        "/t/" + tenant + "/oauth2/token",
                        Map.of("grant_type", "client_credentials", "scope", "tickets.write"),
                        "Authorization",
                        basic(clientId, secret));
    }

    private Jwt decode(String tenant, String token) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(base() + "/t/" + tenant + "/oauth2/jwks")
                .build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(base() + "/t/" + tenant));
        return decoder.decode(token);
    }
}

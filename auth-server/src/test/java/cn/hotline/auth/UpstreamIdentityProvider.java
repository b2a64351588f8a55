package cn.hotline.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tenant's government identity platform as far as OpenID Connect goes: discovery, keys, an authorization
 * endpoint that signs in {@link #nextSubject} at once, and a token endpoint that checks client secret,
 * code and PKCE verifier and returns a signed ID token with the nonce it was given.
 */
final class UpstreamIdentityProvider implements AutoCloseable {

    static final String CLIENT_ID = "hotline-xuzhou";
    static final String CLIENT_SECRET = "upstream-secret-0001";

    private final HttpServer server;
    private final RSAKey key;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();
    volatile String nextSubject = "gov-subject-42";

    UpstreamIdentityProvider() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("upstream-1").generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/idp";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/idp/.well-known/openid-configuration" ->
                    send(
                            exchange,
                            200,
                            json.writeValueAsString(Map.of(
                                    "issuer", issuer(),
                                    "authorization_endpoint", issuer() + "/authorize",
                                    "token_endpoint", issuer() + "/token",
                                    "jwks_uri", issuer() + "/jwks")));
                case "/idp/jwks" -> send(exchange, 200, new JWKSet(key.toPublicJWK()).toString());
                case "/idp/authorize" -> authorize(exchange);
                case "/idp/token" -> token(exchange);
                default -> send(exchange, 404, "{}");
            }
        } catch (Exception e) {
            send(exchange, 500, "{\"error\":\"server_error\"}");
        }
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = Browser.queryOf(exchange.getRequestURI().toString());
        if (!CLIENT_ID.equals(query.get("client_id")) || !"S256".equals(query.get("code_challenge_method"))) {
            send(exchange, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(
                code,
                Map.of(
                        "subject", nextSubject,
                        "nonce", query.get("nonce"),
                        "challenge", query.get("code_challenge"),
                        "redirect_uri", query.get("redirect_uri")));
        exchange.getResponseHeaders()
                .set(
                        "Location",
                        query.get("redirect_uri") + "?code=" + code + "&state="
                                + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(302, -1);
    }

    private void token(HttpExchange exchange) throws Exception {
        String expected = "Basic "
                + Base64.getEncoder()
                        .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        Map<String, String> form =
                Browser.queryOf("?" + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Map<String, String> grant = codes.remove(form.getOrDefault("code", ""));
        String verifierChallenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256")
                        .digest(form.getOrDefault("code_verifier", "").getBytes(StandardCharsets.US_ASCII)));
        if (grant == null
                || !grant.get("challenge").equals(verifierChallenge)
                || !grant.get("redirect_uri").equals(form.get("redirect_uri"))) {
            send(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        Instant now = Instant.now();
        SignedJWT idToken = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder()
                        .issuer(issuer())
                        .subject(grant.get("subject"))
                        .audience(CLIENT_ID)
                        .issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(300)))
                        .claim("nonce", grant.get("nonce"))
                        .build());
        idToken.sign(new RSASSASigner(key));
        send(
                exchange,
                200,
                json.writeValueAsString(Map.of(
                        "access_token", "upstream-access", "token_type", "Bearer", "id_token", idToken.serialize())));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

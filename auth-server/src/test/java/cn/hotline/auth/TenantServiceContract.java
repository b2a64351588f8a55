package cn.hotline.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * tenant-service's internal API as ADR 0002 §3 defines it, served by a JDK HTTP server with fixed
 * data, so auth-server's side of the contract is tested while tenant-service is built in parallel.
 * Not a mock of an external server: it is the contract of our own API, executable.
 */
final class TenantServiceContract implements AutoCloseable {

    static final String INTERNAL_TOKEN = "test-internal-token";
    static final String CITY_SECRET = "city-client-secret-0001";
    static final String SHUSHAN_AGENT_ID = "01938f1e-7a2b-7c3d-8e4f-5a6b7c8d9e01";
    static final String QINGXIU_AGENT_ID = "01938f1e-7a2b-7c3d-8e4f-5a6b7c8d9e02";
    static final String OPERATOR_ID = "01938f1e-7a2b-7c3d-8e4f-5a6b7c8d9e03";

    private static final Pattern TENANT = Pattern.compile("^/internal/tenants/([^/]+)$");
    private static final Pattern CLIENT = Pattern.compile("^/internal/tenants/([^/]+)/clients/([^/]+)$");

    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();
    private final String cityShushanHash;
    private final String cityNanningHash;
    final AtomicInteger unauthorizedCalls = new AtomicInteger();
    final AtomicInteger tenantLookups = new AtomicInteger();

    /** The key pair of the nanning city client that authenticates with private_key_jwt. */
    static final com.nimbusds.jose.jwk.RSAKey CITY_KEY = cityKey();

    private static com.nimbusds.jose.jwk.RSAKey cityKey() {
        try {
            return new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048)
                    .keyID("city-nanning-1")
                    .generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String FEDERATED_USER_ID = "01938f1e-7a2b-7c3d-8e4f-5a6b7c8d9e04";

    private final String upstreamIssuer;

    TenantServiceContract(String upstreamIssuer) throws IOException {
        this.upstreamIssuer = upstreamIssuer;
        Argon2PasswordEncoder argon2 = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
        cityShushanHash = "{argon2@SpringSecurity_v5_8}" + argon2.encode(CITY_SECRET);
        cityNanningHash = "{argon2@SpringSecurity_v5_8}" + argon2.encode(CITY_SECRET);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/", this::handle);
        server.createContext("/keys/city-nanning-jwt", exchange -> {
            try (exchange) {
                byte[] keys = new com.nimbusds.jose.jwk.JWKSet(CITY_KEY.toPublicJWK())
                        .toString()
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, keys.length);
                exchange.getResponseBody().write(keys);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!INTERNAL_TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Internal-Token"))) {
                unauthorizedCalls.incrementAndGet();
                send(exchange, 401, problem("UNAUTHENTICATED", Map.of()));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Matcher tenant = TENANT.matcher(path);
            Matcher client = CLIENT.matcher(path);
            if (method.equals("GET") && tenant.matches()) {
                tenantLookups.incrementAndGet();
                answerTenant(exchange, tenant.group(1));
            } else if (method.equals("GET") && client.matches()) {
                answerClient(exchange, client.group(1), client.group(2));
            } else if (method.equals("POST") && path.equals("/internal/federated-authentication")) {
                @SuppressWarnings("unchecked")
                Map<String, String> login = json.readValue(exchange.getRequestBody(), Map.class);
                answerFederatedLogin(exchange, login.get("tenant"), login.get("issuer"), login.get("subject"));
            } else if (method.equals("POST") && path.equals("/internal/authentication")) {
                @SuppressWarnings("unchecked")
                Map<String, String> login = json.readValue(exchange.getRequestBody(), Map.class);
                answerLogin(exchange, login.get("tenant"), login.get("username"), login.get("password"));
            } else {
                send(exchange, 404, problem("NOT_FOUND", Map.of()));
            }
        }
    }

    /** Status of the tenant {@code flipping}, changed by tests. */
    volatile String flippingStatus = "ACTIVE";

    private void answerTenant(HttpExchange exchange, String tenant) throws IOException {
        Map<String, Object> body =
                switch (tenant) {
                    case "flipping" -> Map.of("tenant", "flipping", "name", "Flipping", "status", flippingStatus);
                    case "markup" ->
                        Map.of("tenant", "markup", "name", "<script>alert(1)</script>", "status", "ACTIVE");
                    case "shushan" -> Map.of("tenant", "shushan", "name", "蜀山区12345", "status", "ACTIVE");
                    case "nanning" -> Map.of("tenant", "nanning", "name", "南宁市12345", "status", "ACTIVE");
                    case "xuzhou-yb" ->
                        Map.of(
                                "tenant", "xuzhou-yb",
                                "name", "徐州医保12393",
                                "status", "ACTIVE",
                                "federation",
                                        Map.of(
                                                "issuer",
                                                upstreamIssuer,
                                                "clientId",
                                                UpstreamIdentityProvider.CLIENT_ID,
                                                "clientSecret",
                                                UpstreamIdentityProvider.CLIENT_SECRET,
                                                "displayName",
                                                "徐州市统一身份认证平台"));
                    case "dormant" -> Map.of("tenant", "dormant", "name", "停用示例", "status", "SUSPENDED");
                    default -> Map.of();
                };
        if (body.isEmpty()) {
            send(exchange, 404, problem("NOT_FOUND", Map.of()));
        } else {
            send(exchange, 200, body);
        }
    }

    private void answerClient(HttpExchange exchange, String tenant, String clientId) throws IOException {
        String hash = tenant.equals("shushan") && clientId.equals("city-shushan")
                ? cityShushanHash
                : tenant.equals("nanning") && clientId.equals("city-nanning") ? cityNanningHash : null;
        if (tenant.equals("nanning") && clientId.equals("city-nanning-jwt")) {
            send(
                    exchange,
                    200,
                    Map.of(
                            "clientId", clientId,
                            "jwkSetUrl", url() + "/keys/city-nanning-jwt",
                            "grantTypes", List.of("client_credentials"),
                            "scopes", List.of("tickets.write"),
                            "roles", List.of("CITY_PLATFORM")));
            return;
        }
        if (hash == null) {
            send(exchange, 404, problem("NOT_FOUND", Map.of()));
            return;
        }
        send(
                exchange,
                200,
                Map.of(
                        "clientId", clientId,
                        "secretHash", hash,
                        "grantTypes", List.of("client_credentials"),
                        "scopes", List.of("tickets.write"),
                        "roles", List.of("CITY_PLATFORM")));
    }

    private void answerLogin(HttpExchange exchange, String tenant, String username, String password)
            throws IOException {
        if (tenant.equals("dormant") || tenant.equals("nowhere")) {
            send(exchange, 404, problem("NOT_FOUND", Map.of()));
            return;
        }
        if (tenant.equals("shushan") && username.equals("locked01")) {
            send(exchange, 423, problem("ACCOUNT_LOCKED", Map.of("retryAfterSeconds", 180)));
            return;
        }
        Map<String, Object> user = null;
        if (tenant.equals("shushan") && username.equals("agent01") && password.equals("agent01-pass")) {
            user = user(SHUSHAN_AGENT_ID, "shushan", null, List.of("AGENT"), "张三");
        } else if (tenant.equals("nanning") && username.equals("qx-agent") && password.equals("qx-agent-pass")) {
            user = user(QINGXIU_AGENT_ID, "nanning", "nanning.qingxiu", List.of("AGENT", "SUPERVISOR"), "李四");
        } else if (tenant.equals("platform") && username.equals("operator") && password.equals("operator-pass")) {
            user = user(OPERATOR_ID, "platform", null, List.of("OPERATOR"), "平台运维");
        }
        if (user == null) {
            send(exchange, 401, problem("BAD_CREDENTIALS", Map.of()));
        } else {
            send(exchange, 200, user);
        }
    }

    private void answerFederatedLogin(HttpExchange exchange, String tenant, String issuer, String subject)
            throws IOException {
        if (tenant.equals("xuzhou-yb") && issuer.equals(upstreamIssuer) && subject.equals("gov-subject-42")) {
            send(exchange, 200, user(FEDERATED_USER_ID, "xuzhou-yb", null, List.of("AGENT"), "王五"));
        } else {
            send(exchange, 404, problem("NOT_FOUND", Map.of()));
        }
    }

    private static Map<String, Object> user(
            String id, String tenant, String scopeUnit, List<String> roles, String displayName) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("userId", id);
        user.put("tenant", tenant);
        user.put("scopeUnit", scopeUnit);
        user.put("roles", roles);
        user.put("displayName", displayName);
        return user;
    }

    private static Map<String, Object> problem(String code, Map<String, Object> extra) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "/problems/" + code.toLowerCase().replace('_', '-'));
        problem.put("code", code);
        problem.putAll(extra);
        return problem;
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

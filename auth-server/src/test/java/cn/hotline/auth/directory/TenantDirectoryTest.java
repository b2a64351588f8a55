package cn.hotline.auth.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.auth.AuthProperties;
import cn.hotline.kernel.id.TenantId;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client side of tenant-service's internal API against a JDK HTTP server answering fixed bodies. */
class TenantDirectoryTest {

    private final HttpServer server = start();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final MutableClock clock = new MutableClock();

    record Answer(int status, String body) {}

    private HttpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/", exchange -> {
                try (exchange) {
                    calls.incrementAndGet();
                    String key = exchange.getRequestMethod() + " "
                            + exchange.getRequestURI().getPath() + " "
                            + exchange.getRequestHeaders().getFirst("X-Internal-Token");
                    Answer answer = answers.getOrDefault(key, new Answer(500, "{}"));
                    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(answer.status(), body.length);
                    exchange.getResponseBody().write(body);
                }
            });
            http.start();
            return http;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private TenantDirectory directory(String url) {
        return new TenantDirectory(
                new AuthProperties(
                        URI.create(url),
                        "secret-token",
                        URI.create("http://gw"),
                        "console",
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(5),
                        Duration.ofHours(13),
                        null),
                clock);
    }

    private TenantDirectory directory() {
        return directory("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void reusesATenantsStatusForTheCacheTimeThenAsksAgain() {
        answers.put(
                "GET /internal/tenants/shushan secret-token",
                new Answer(200, "{\"tenant\":\"shushan\",\"name\":\"蜀山区\",\"status\":\"ACTIVE\",\"federation\":null}"));
        TenantDirectory directory = directory();

        assertThat(directory.tenant(TenantId.of("shushan")))
                .hasValueSatisfying(t -> assertThat(t.active()).isTrue());
        assertThat(directory.tenant(TenantId.of("shushan"))).isPresent();
        assertThat(calls).hasValue(1);

        clock.advance(Duration.ofSeconds(31));
        directory.tenant(TenantId.of("shushan"));
        assertThat(calls).hasValue(2);
    }

    @Test
    void anUnknownTenantIsRememberedOnlyBriefly() {
        answers.put("GET /internal/tenants/ghost secret-token", new Answer(404, "{\"code\":\"NOT_FOUND\"}"));
        TenantDirectory directory = directory();

        assertThat(directory.tenant(TenantId.of("ghost"))).isEmpty();
        clock.advance(Duration.ofSeconds(6));
        assertThat(directory.tenant(TenantId.of("ghost"))).isEmpty();

        assertThat(calls).hasValue(2);
    }

    @Test
    void aTenantStillBeingProvisionedIsAskedAgainWithinSecondsSoItCanSignInOnceActive() {
        answers.put(
                "GET /internal/tenants/nanning secret-token",
                new Answer(200, "{\"tenant\":\"nanning\",\"name\":\"南宁市\",\"status\":\"PROVISIONING\"}"));
        TenantDirectory directory = directory();
        assertThat(directory.tenant(TenantId.of("nanning")))
                .hasValueSatisfying(t -> assertThat(t.active()).isFalse());

        answers.put(
                "GET /internal/tenants/nanning secret-token",
                new Answer(200, "{\"tenant\":\"nanning\",\"name\":\"南宁市\",\"status\":\"ACTIVE\"}"));
        clock.advance(Duration.ofSeconds(6));

        assertThat(directory.tenant(TenantId.of("nanning")))
                .hasValueSatisfying(t -> assertThat(t.active()).isTrue());
        assertThat(calls).hasValue(2);
    }

    @Test
    void mapsEachLoginAnswerOfTheContract() {
        TenantDirectory directory = directory();
        answers.put(
                "POST /internal/authentication secret-token",
                new Answer(
                        200,
                        "{\"userId\":\"u-1\",\"tenant\":\"shushan\",\"scopeUnit\":null,\"roles\":[\"AGENT\"],\"displayName\":\"张三\"}"));
        assertThat(directory.authenticate(TenantId.of("shushan"), "a", "b"))
                .isEqualTo(new LoginOutcome.Authenticated(
                        new TenantUser("u-1", "shushan", null, java.util.List.of("AGENT"), "张三")));

        answers.put("POST /internal/authentication secret-token", new Answer(401, "{\"code\":\"BAD_CREDENTIALS\"}"));
        assertThat(directory.authenticate(TenantId.of("shushan"), "a", "b"))
                .isInstanceOf(LoginOutcome.BadCredentials.class);

        answers.put(
                "POST /internal/authentication secret-token",
                new Answer(423, "{\"code\":\"ACCOUNT_LOCKED\",\"retryAfterSeconds\":240}"));
        assertThat(directory.authenticate(TenantId.of("shushan"), "a", "b"))
                .isEqualTo(new LoginOutcome.AccountLocked(240));

        answers.put("POST /internal/authentication secret-token", new Answer(404, "{\"code\":\"NOT_FOUND\"}"));
        assertThat(directory.authenticate(TenantId.of("shushan"), "a", "b"))
                .isInstanceOf(LoginOutcome.UnknownTenant.class);
    }

    @Test
    void answersOutsideTheContractAndUnreachableServersAreUnavailableNotDenied() throws Exception {
        answers.put("POST /internal/authentication secret-token", new Answer(500, "{}"));
        assertThatThrownBy(() -> directory().authenticate(TenantId.of("shushan"), "a", "b"))
                .isInstanceOf(DirectoryUnavailableException.class);

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> directory("http://127.0.0.1:" + closedPort).tenant(TenantId.of("shushan")))
                .isInstanceOf(DirectoryUnavailableException.class);
    }

    @Test
    void looksUpAnApiClientOfOneTenant() {
        answers.put(
                "GET /internal/tenants/shushan/clients/city secret-token",
                new Answer(
                        200,
                        "{\"clientId\":\"city\",\"secretHash\":\"{bcrypt}$2a$10$x\",\"grantTypes\":[\"client_credentials\"],\"scopes\":[],\"roles\":[\"CITY_PLATFORM\"]}"));
        answers.put("GET /internal/tenants/nanning/clients/city secret-token", new Answer(404, "{}"));

        assertThat(directory().client(TenantId.of("shushan"), "city"))
                .hasValueSatisfying(c -> assertThat(c.roles()).containsExactly("CITY_PLATFORM"));
        assertThat(directory().client(TenantId.of("nanning"), "city")).isEmpty();
    }

    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-23T08:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}

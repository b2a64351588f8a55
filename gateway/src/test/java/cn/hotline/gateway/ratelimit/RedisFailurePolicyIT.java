package cn.hotline.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.test.StepVerifier;

/** The limiter's answers against real Redis, and its declared policy when Redis is not there. */
class RedisFailurePolicyIT {

    private LettuceConnectionFactory factory;

    @AfterEach
    void close() {
        if (factory != null) {
            factory.destroy();
        }
    }

    @Test
    void failOpenLetsTheRequestThroughAndCountsIt() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TenantRateLimit limiter =
                limiter(redisAt("127.0.0.1", closedPort()), RateLimitProperties.FailurePolicy.OPEN, meters);

        StepVerifier.create(limiter.check("shushan", exchange())).verifyComplete();

        assertThat(meters.counter("gateway.ratelimit.redis.failures", "policy", "OPEN")
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void failClosedRefusesWithDependencyDown() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TenantRateLimit limiter =
                limiter(redisAt("127.0.0.1", closedPort()), RateLimitProperties.FailurePolicy.CLOSED, meters);

        StepVerifier.create(limiter.check("shushan", exchange()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(ProblemException.class)
                        .extracting(e -> ((ProblemException) e).code())
                        .isEqualTo(ProblemCode.DEPENDENCY_DOWN))
                .verify(Duration.ofSeconds(10));
        assertThat(meters.counter("gateway.ratelimit.redis.failures", "policy", "CLOSED")
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void bucketRefillsAtTheTenantsRate() throws InterruptedException {
        var stack = TestStack.endpoints();
        ReactiveStringRedisTemplate redis = redisAt(stack.redisHost(), stack.redisPort());
        redis.delete("t:refill-test:rl:api").block(Duration.ofSeconds(5));
        TenantRateLimit limiter = new TenantRateLimit(
                redis,
                new RateLimitProperties(
                        true,
                        new RateLimitProperties.Limit(50, 100),
                        Map.of("refill-test", new RateLimitProperties.Limit(5, 5)),
                        RateLimitProperties.FailurePolicy.CLOSED,
                        Duration.ofSeconds(2)),
                new SimpleMeterRegistry());

        // Drain the bucket: a burst of 5, plus whatever refilled meanwhile (5 per second) on a busy machine.
        long started = System.nanoTime();
        int passed = 0;
        ProblemException refused = null;
        while (refused == null && passed <= 100) {
            try {
                limiter.check("refill-test", exchange()).block(Duration.ofSeconds(5));
                passed++;
            } catch (ProblemException e) {
                refused = e;
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        assertThat(refused).isNotNull();
        assertThat(refused.code()).isEqualTo(ProblemCode.TENANT_QUOTA_EXCEEDED);
        assertThat(passed).isBetween(5, 5 + (int) Math.ceil(elapsed * 5));
        Thread.sleep(450); // 5 per second: two tokens back
        StepVerifier.create(limiter.check("refill-test", exchange())).verifyComplete();
        StepVerifier.create(limiter.check("refill-test", exchange())).verifyComplete();
        assertThat(redis.getExpire("t:refill-test:rl:api").block(Duration.ofSeconds(5)))
                .isPositive()
                .isLessThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void theTenantsQuotaFromTenantServiceOverridesTheConfiguredLimit() {
        var stack = TestStack.endpoints();
        ReactiveStringRedisTemplate redis = redisAt(stack.redisHost(), stack.redisPort());
        redis.delete("t:quota-test:rl:api").block(Duration.ofSeconds(5));
        // What tenant-service's QuotaManagement writes when the operator sets the tenant's API rate to 2 per second.
        redis.opsForHash()
                .put("t:quota-test:quota", "limit:API_REQUESTS_PER_SECOND", "2")
                .block(Duration.ofSeconds(5));
        TenantRateLimit limiter = limiter(redis, RateLimitProperties.FailurePolicy.CLOSED, new SimpleMeterRegistry());

        for (int i = 0; i < 4; i++) { // a burst of two seconds' worth, although the configured limit allows 100
            StepVerifier.create(limiter.check("quota-test", exchange())).verifyComplete();
        }
        StepVerifier.create(limiter.check("quota-test", exchange()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(ProblemException.class)
                        .hasMessageContaining("2 per second, bursts of 4"))
                .verify(Duration.ofSeconds(5));
        redis.delete("t:quota-test:quota").block(Duration.ofSeconds(5));
    }

    private TenantRateLimit limiter(
            ReactiveStringRedisTemplate redis, RateLimitProperties.FailurePolicy policy, SimpleMeterRegistry meters) {
        return new TenantRateLimit(
                redis,
                new RateLimitProperties(
                        true, new RateLimitProperties.Limit(50, 100), Map.of(), policy, Duration.ofMillis(500)),
                meters);
    }

    private ReactiveStringRedisTemplate redisAt(String host, int port) {
        factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port));
        factory.afterPropertiesSet();
        factory.start();
        return new ReactiveStringRedisTemplate(factory);
    }

    private static MockServerWebExchange exchange() {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/api/call/tenants/x/queues"));
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

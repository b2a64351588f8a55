package cn.hotline.benchmarks;

import cn.hotline.benchmarks.GatewayOverheadBenchmark.Settings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The secured path as production runs it, for one benchmark trial: the stand-in service ({@link JsonUpstream}), a real
 * {@code redis-server} for the per-tenant rate limit ({@link RedisServer}), and the real gateway ({@link
 * GatewayProcess}) trusting an in-process issuer ({@link BenchmarkTokens}) whose bearer token every request carries.
 * The tenant's limit is set far above any rate this machine reaches, so the limiter always lets requests through but
 * still asks Redis on every one. Start-up proves the path is the real one (no token: 401; token: 200 from the service,
 * through the gateway); {@link #close()} proves the limiter asked Redis about (nearly: at least 99.9 %) every request,
 * or never when off, before stopping everything.
 */
final class SecuredGateway implements AutoCloseable {

    /** The issuer base the gateway is told to trust; nothing listens there: the public key is given directly. */
    static final String ISSUER_BASE = "https://auth.benchmark.invalid";

    /** The tenant's limit: never reached (a request takes far longer than a microsecond on this path). */
    static final int UNREACHABLE_REQUESTS_PER_SECOND = 1_000_000;

    /**
     * How long a rate-limit check may wait for Redis ({@code cc.gateway.rate-limit.redis-timeout}, 250 ms in
     * production). A check that times out fails open and lets the request through without it, which would measure less
     * than the real path; on a loaded 2-core machine a few checks of 250 ms do time out, so the benchmark allows more.
     */
    static final String REDIS_TIMEOUT = "2s";

    /** The share of requests that must have been checked in Redis for the measurement to count. */
    static final double CHECKED_AT_LEAST = 0.999;

    /** Whether the gateway's per-tenant rate limit ({@code cc.gateway.rate-limit.enabled}) is on. */
    enum RateLimit {
        ON,
        OFF
    }

    private final RateLimit rateLimit;
    private final JsonUpstream upstream;
    private final RedisServer redis;
    private final GatewayProcess gateway;
    private final LoadClient client;

    private SecuredGateway(
            RateLimit rateLimit, JsonUpstream upstream, RedisServer redis, GatewayProcess gateway, LoadClient client) {
        this.rateLimit = rateLimit;
        this.upstream = upstream;
        this.redis = redis;
        this.gateway = gateway;
        this.client = client;
    }

    static SecuredGateway start(RateLimit rateLimit, String tenant) throws Exception {
        String suffix = rateLimit == RateLimit.ON ? "" : "-no-rate-limit";
        JsonUpstream upstream = JsonUpstream.start();
        @Nullable RedisServer redis = null;
        @Nullable GatewayProcess gateway = null;
        @Nullable LoadClient client = null;
        try {
            redis = RedisServer.start(Settings.redisBinary(), Settings.logFile("redis-benchmark" + suffix));
            BenchmarkTokens tokens = new BenchmarkTokens(ISSUER_BASE);
            List<String> arguments = new ArrayList<>(List.of(
                    "--cc.security.issuer-base=" + tokens.issuerBase(),
                    "--cc.security.public-key=" + tokens.publicKeyPem(),
                    "--cc.gateway.rate-limit.enabled=" + (rateLimit == RateLimit.ON),
                    "--cc.gateway.rate-limit.redis-timeout=" + REDIS_TIMEOUT,
                    "--cc.gateway.rate-limit.tenants." + tenant + ".requests-per-second="
                            + UNREACHABLE_REQUESTS_PER_SECOND,
                    "--cc.gateway.rate-limit.tenants." + tenant + ".burst=" + UNREACHABLE_REQUESTS_PER_SECOND));
            // Last, so that GATEWAY_ARGS can override any of the above.
            arguments.addAll(Settings.gatewayArguments());
            gateway = GatewayProcess.start(
                    Settings.gatewayJar(),
                    Map.of(
                            "CC_TENANT_SERVICE_URL", upstream.baseUrl(),
                            "CC_REDIS_HOST", redis.host(),
                            "CC_REDIS_PORT", Integer.toString(redis.port())),
                    Settings.gatewayJvmOptions(),
                    arguments,
                    Settings.logFile("gateway-benchmark" + suffix));
            String url = gateway.baseUrl() + "/api/tenant/tenants/" + tenant;

            LoadClient anonymous = new LoadClient(url, 1);
            try {
                LoadClient.Answer refused = anonymous.send();
                require(refused.status() == 401, "the gateway refuses a request without a token (401)", refused);
            } finally {
                anonymous.close();
            }
            client = new LoadClient(url, Settings.concurrency(), tokens.client(tenant, "benchmark-client"));
            LoadClient.Answer answer = client.send();
            require(answer.status() == 200 && answer.body().contains(tenant), "the gateway routes", answer);
            require(answer.requestId() != null, "the answer passed the gateway (it sets X-Request-Id)", answer);
            return new SecuredGateway(rateLimit, upstream, redis, gateway, client);
        } catch (Exception | Error e) {
            if (client != null) {
                client.close();
            }
            if (gateway != null) {
                gateway.close();
            }
            if (redis != null) {
                redis.close();
            }
            upstream.close();
            throw e;
        }
    }

    LoadClient client() {
        return client;
    }

    /**
     * Checks that the limiter asked Redis about every request sent with the token (when on: a check that timed out
     * fails open and would leave a request unmeasured by Redis) or about none (when off), prints the count, and stops
     * the client, the gateway, Redis and the service, whatever the check found.
     */
    @Override
    public void close() throws InterruptedException, IOException {
        try {
            long requests = client.sent();
            Map<String, Long> calls = redis.commandCalls();
            long checks = calls.getOrDefault("evalsha", 0L) + calls.getOrDefault("eval", 0L);
            long commands = calls.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf(
                    Locale.ROOT,
                    "%nRate limit %s: %,d requests with the token, %,d rate-limit checks in Redis (%,d Redis commands"
                            + " in all: %s)%n",
                    rateLimit,
                    requests,
                    checks,
                    commands,
                    calls);
            if (rateLimit == RateLimit.ON && checks < CHECKED_AT_LEAST * requests) {
                throw new IllegalStateException("the rate limiter checked only " + checks + " of " + requests
                        + " requests in Redis (timeouts fail open): the measurement did not include the check"
                        + " for (nearly) every request");
            }
            if (rateLimit == RateLimit.OFF && checks != 0) {
                throw new IllegalStateException(
                        "the rate limit is switched off, yet Redis ran " + checks + " rate-limit scripts");
            }
        } finally {
            client.close();
            gateway.close();
            redis.close();
            upstream.close();
        }
    }

    private static void require(boolean condition, String what, LoadClient.Answer answer) {
        if (!condition) {
            throw new IllegalStateException("expected: " + what + "; got " + answer);
        }
    }
}

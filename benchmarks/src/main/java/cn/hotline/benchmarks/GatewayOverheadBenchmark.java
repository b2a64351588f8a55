package cn.hotline.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Requests per second of one small JSON GET, with a fixed number of requests in flight (one per benchmark thread; the
 * runner sets the thread count), sent directly to the service (no token, no Redis: the plain baseline) or through the
 * real, secured gateway with a bearer token (with and without the per-tenant rate limit in Redis). Each benchmark sets
 * up only what it uses, so the direct run has no idle gateway JVM or Redis next to it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GatewayOverheadBenchmark {

    static final String TENANT = "shushan";

    /** The service alone. */
    @State(Scope.Benchmark)
    public static class Direct {
        JsonUpstream upstream;
        LoadClient client;

        @Setup(Level.Trial)
        public void start() {
            upstream = JsonUpstream.start();
            client = new LoadClient(upstream.baseUrl() + "/tenants/" + TENANT, Settings.concurrency());
            LoadClient.Answer answer = client.send();
            require(answer.status() == 200 && answer.body().contains(TENANT), "the service answers", answer);
            require(answer.requestId() == null, "the direct call does not pass the gateway", answer);
        }

        @TearDown(Level.Trial)
        public void stop() {
            client.close();
            upstream.close();
        }
    }

    /**
     * The service behind the secured gateway, which runs in its own JVM from its executable jar: bearer token checked,
     * tenant rule applied, per-tenant rate limit checked in a real Redis on every request.
     */
    @State(Scope.Benchmark)
    public static class ThroughGateway {
        SecuredGateway path;

        @Setup(Level.Trial)
        public void start() throws Exception {
            path = SecuredGateway.start(SecuredGateway.RateLimit.ON, TENANT);
            warmUp(path);
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            path.close();
        }
    }

    /** The same, with the rate limit switched off ({@code cc.gateway.rate-limit.enabled=false}): what it costs. */
    @State(Scope.Benchmark)
    public static class ThroughGatewayWithoutRateLimit {
        SecuredGateway path;

        @Setup(Level.Trial)
        public void start() throws Exception {
            path = SecuredGateway.start(SecuredGateway.RateLimit.OFF, TENANT);
            warmUp(path);
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            path.close();
        }
    }

    /**
     * The gateway's JVM starts cold while the direct benchmark's JVM warms up with its own iterations: give its JIT
     * compilers, which share the two cores with the load, time under the same load before JMH's warm-up.
     */
    private static void warmUp(SecuredGateway path) throws InterruptedException {
        path.client().load(Settings.concurrency(), Settings.gatewayWarmup());
    }

    @Benchmark
    public int direct(Direct target) {
        return target.client.get();
    }

    @Benchmark
    public int throughGateway(ThroughGateway target) {
        return target.path.client().get();
    }

    @Benchmark
    public int throughGatewayWithoutRateLimit(ThroughGatewayWithoutRateLimit target) {
        return target.path.client().get();
    }

    private static void require(boolean condition, String what, LoadClient.Answer answer) {
        if (!condition) {
            throw new IllegalStateException("expected: " + what + "; got " + answer);
        }
    }

    /** Read in the forked JVM from system properties that {@link GatewayOverhead} passes on. */
    static final class Settings {

        static final String CONCURRENCY = "bench.concurrency";
        static final String GATEWAY_JAR = "bench.gateway.jar";
        static final String GATEWAY_JVM_OPTIONS = "bench.gateway.jvmOptions";
        static final String GATEWAY_ARGUMENTS = "bench.gateway.args";
        static final String GATEWAY_LOG = "bench.gateway.log";
        static final String GATEWAY_WARMUP = "bench.gateway.warmupSeconds";
        static final String REDIS_BINARY = "bench.redis.binary";

        private Settings() {}

        static int concurrency() {
            return Integer.getInteger(CONCURRENCY, 16);
        }

        static Path gatewayJar() {
            return Path.of(System.getProperty(GATEWAY_JAR, "../gateway/target/gateway-0.1.0-SNAPSHOT-exec.jar"));
        }

        static List<String> gatewayJvmOptions() {
            return words(System.getProperty(GATEWAY_JVM_OPTIONS, "-Xmx512m"));
        }

        static List<String> gatewayArguments() {
            return words(System.getProperty(GATEWAY_ARGUMENTS, ""));
        }

        static Duration gatewayWarmup() {
            return Duration.ofSeconds(Integer.getInteger(GATEWAY_WARMUP, 30));
        }

        /**
         * A log file named {@code name}.log in the folder of {@code bench.gateway.log} (one per server and benchmark,
         * so the runs do not overwrite each other's).
         */
        static Path logFile(String name) {
            Path gatewayLog = Path.of(System.getProperty(GATEWAY_LOG, "target/gateway-benchmark.log"))
                    .toAbsolutePath();
            return gatewayLog.resolveSibling(name + ".log");
        }

        static String redisBinary() {
            return System.getProperty(REDIS_BINARY, "redis-server");
        }

        private static List<String> words(String value) {
            return Arrays.stream(value.trim().split("\\s+"))
                    .filter(word -> !word.isEmpty())
                    .toList();
        }
    }
}

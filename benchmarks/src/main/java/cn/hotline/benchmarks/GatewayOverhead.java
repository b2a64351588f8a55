package cn.hotline.benchmarks;

import cn.hotline.benchmarks.GatewayOverheadBenchmark.Settings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link GatewayOverheadBenchmark} (its three benchmarks, one fork each) and prints requests/s direct, through the
 * gateway with and without its rate limit, and the ratios. Settings come from system properties: {@code bench.warmups}
 * (3), {@code bench.iterations} (5), {@code bench.seconds} per iteration (5), {@code bench.only} (a benchmark name:
 * {@code direct}, {@code throughGateway} or {@code throughGatewayWithoutRateLimit}; run just that one), {@code
 * bench.concurrency} requests in flight (16), {@code bench.forks} (1), the gateway's {@code bench.gateway.jar}, {@code
 * bench.gateway.jvmOptions}, {@code bench.gateway.args}, {@code bench.gateway.log} (the other servers' logs go next to
 * it), and {@code bench.redis.binary} ({@code redis-server}).
 */
public final class GatewayOverhead {

    private GatewayOverhead() {}

    public static void main(String[] args) throws RunnerException {
        int concurrency = Settings.concurrency();
        int seconds = Integer.getInteger("bench.seconds", 5);
        List<String> forkedJvm = new ArrayList<>(List.of("-Xmx512m"));
        for (String key : List.of(
                Settings.CONCURRENCY,
                Settings.GATEWAY_JAR,
                Settings.GATEWAY_JVM_OPTIONS,
                Settings.GATEWAY_ARGUMENTS,
                Settings.GATEWAY_LOG,
                Settings.GATEWAY_WARMUP,
                Settings.REDIS_BINARY)) {
            String value = System.getProperty(key);
            if (value != null) {
                forkedJvm.add("-D" + key + "=" + value);
            }
        }
        String only = System.getProperty("bench.only", "");
        Options options = new OptionsBuilder()
                .include(GatewayOverheadBenchmark.class.getName() + "\\." + (only.isEmpty() ? "" : only + "$"))
                .forks(Integer.getInteger("bench.forks", 1))
                .warmupIterations(Integer.getInteger("bench.warmups", 3))
                .warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(Integer.getInteger("bench.iterations", 5))
                .measurementTime(TimeValue.seconds(seconds))
                .threads(concurrency)
                .jvmArgsAppend(forkedJvm.toArray(String[]::new))
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();

        Optional<Result<?>> direct = result(results, "direct");
        Optional<Result<?>> gateway = result(results, "throughGateway");
        Optional<Result<?>> unlimited = result(results, "throughGatewayWithoutRateLimit");
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "Gateway overhead, %d requests in flight, %d cores (direct: plain service, no token; through the"
                        + " gateway: bearer JWT checked, per-tenant rate limit in Redis on or off):%n",
                concurrency,
                cores());
        direct.ifPresent(score -> print("direct", score));
        gateway.ifPresent(score -> print("through gateway, rate limit on", score));
        unlimited.ifPresent(score -> print("through gateway, rate limit off", score));
        if (direct.isPresent() && gateway.isPresent()) {
            System.out.printf(
                    Locale.ROOT,
                    "ratio gateway/direct = %.2f%n",
                    gateway.get().getScore() / direct.get().getScore());
        }
        if (direct.isPresent() && unlimited.isPresent()) {
            System.out.printf(
                    Locale.ROOT,
                    "ratio gateway without rate limit/direct = %.2f%n",
                    unlimited.get().getScore() / direct.get().getScore());
        }
        if (gateway.isPresent() && unlimited.isPresent()) {
            Result<?> on = gateway.get();
            Result<?> off = unlimited.get();
            boolean overlap = Math.abs(off.getScore() - on.getScore()) <= error(on) + error(off);
            System.out.printf(
                    Locale.ROOT,
                    "the rate limit costs %.0f %% of the gateway's throughput%s%n",
                    100 * (1 - on.getScore() / off.getScore()),
                    overlap ? " (within the error of this run: not distinguishable from noise)" : "");
        }
    }

    private static void print(String what, Result<?> result) {
        System.out.printf(Locale.ROOT, "  %-32s %,10.0f req/s  (± %,.0f)%n", what, result.getScore(), error(result));
    }

    private static Optional<Result<?>> result(Collection<RunResult> results, String benchmark) {
        return results.stream()
                .filter(run -> run.getParams().getBenchmark().endsWith("." + benchmark))
                .findFirst()
                .map(RunResult::getPrimaryResult);
    }

    private static double error(Result<?> result) {
        double error = result.getScoreError();
        return Double.isNaN(error) ? 0 : error;
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}

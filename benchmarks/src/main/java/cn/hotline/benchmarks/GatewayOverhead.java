package cn.hotline.benchmarks;

import cn.hotline.benchmarks.GatewayOverheadBenchmark.Settings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link GatewayOverheadBenchmark} (both benchmarks, one fork each) and prints requests/s direct, through the
 * gateway, and their ratio. Settings come from system properties: {@code bench.warmups} (3), {@code bench.iterations}
 * (5), {@code bench.seconds} per iteration (5), {@code bench.only} (a benchmark name: run just that one), {@code bench.concurrency} requests in flight (16), {@code
 * bench.forks} (1), and the gateway's {@code bench.gateway.jar}, {@code bench.gateway.jvmOptions}, {@code
 * bench.gateway.args}, {@code bench.gateway.log}.
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
                Settings.GATEWAY_WARMUP)) {
            String value = System.getProperty(key);
            if (value != null) {
                forkedJvm.add("-D" + key + "=" + value);
            }
        }
        Options options = new OptionsBuilder()
                .include(GatewayOverheadBenchmark.class.getName() + "\\." + System.getProperty("bench.only", ""))
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

        Result<?> direct = result(results, "direct");
        Result<?> gateway = result(results, "throughGateway");
        double ratio = gateway.getScore() / direct.getScore();
        System.out.println();
        System.out.printf(Locale.ROOT, "Gateway overhead, %d requests in flight, %d cores:%n", concurrency, cores());
        System.out.printf(
                Locale.ROOT, "  direct          %,10.0f req/s  (± %,.0f)%n", direct.getScore(), error(direct));
        System.out.printf(
                Locale.ROOT, "  through gateway %,10.0f req/s  (± %,.0f)%n", gateway.getScore(), error(gateway));
        System.out.printf(Locale.ROOT, "ratio gateway/direct = %.2f%n", ratio);
    }

    private static Result<?> result(Collection<RunResult> results, String benchmark) {
        return results.stream()
                .filter(run -> run.getParams().getBenchmark().endsWith("." + benchmark))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no result for " + benchmark))
                .getPrimaryResult();
    }

    private static double error(Result<?> result) {
        double error = result.getScoreError();
        return Double.isNaN(error) ? 0 : error;
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}

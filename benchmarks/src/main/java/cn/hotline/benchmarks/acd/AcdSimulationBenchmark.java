package cn.hotline.benchmarks.acd;

import cn.hotline.call.acd.domain.ErlangC;
import java.util.Locale;

/**
 * Benchmark (2): the real ACD in a discrete-event simulation next to Erlang C. Prints, per offered load, the achieved
 * 15-second service level with its 95 % batch-means interval, the Erlang C prediction for the same staffing and the
 * difference; then, with 4 skill groups, the share of the pooled capacity that is kept.
 *
 * <p>Settings (system properties): {@code bench.agents} (268), {@code bench.aht} (240 s), {@code bench.loads}
 * (245,249,253), {@code bench.hours} (1000 measured hours, in {@code bench.batches} = 20 batches), {@code
 * bench.warmupHours} (2), {@code bench.seed}.
 */
public final class AcdSimulationBenchmark {

    private AcdSimulationBenchmark() {}

    public static void main(String[] args) {
        int agents = Integer.getInteger("bench.agents", 268);
        double aht = Double.parseDouble(System.getProperty("bench.aht", "240"));
        double threshold = 15;
        int batches = Integer.getInteger("bench.batches", 20);
        double hours = Double.parseDouble(System.getProperty("bench.hours", "1000"));
        double warmup = Double.parseDouble(System.getProperty("bench.warmupHours", "2"));
        long seed = Long.getLong("bench.seed", 20261123L);
        String[] loads = System.getProperty("bench.loads", "245,249,253").split(",");
        CallSimulation simulation = new CallSimulation(agents, aht, threshold, warmup, batches, hours / batches);

        System.out.printf(
                Locale.ROOT,
                "ACD simulation: %d agents, AHT %.0f s, no ring time / after-call work / abandonment, %.0f h measured"
                        + " in %d batches after %.0f h warm-up%n",
                agents,
                aht,
                hours,
                batches,
                warmup);
        System.out.println("Service level = calls answered within 15 s of arrival / calls arriving in the window");
        System.out.println();
        System.out.println(
                "| layout | offered load (E) | calls | achieved SL15 (95% CI) | Erlang C SL15 | difference | Erlang C inside CI |");
        System.out.println("|---|---|---|---|---|---|---|");
        double worst = 0;
        for (String text : loads) {
            double load = Double.parseDouble(text.trim());
            long started = System.nanoTime();
            CallSimulation.Result result = simulation.run(CallSimulation.pooled(), load, seed);
            double predicted = ErlangC.serviceLevel(agents, load, aht, threshold);
            double difference = result.serviceLevel() - predicted;
            worst = Math.max(worst, Math.abs(difference));
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.0f | %,d | %.2f %% ± %.2f | %.2f %% | %+.2f pp | %s | (%.1f s)%n",
                    result.layout(),
                    load,
                    result.calls(),
                    100 * result.serviceLevel(),
                    100 * result.halfWidth(),
                    100 * predicted,
                    100 * difference,
                    Math.abs(difference) <= result.halfWidth() ? "yes" : "no",
                    (System.nanoTime() - started) / 1e9);
        }
        System.out.printf(
                Locale.ROOT,
                "RESULT pooled: largest |achieved - Erlang C| = %.2f percentage points (target <= 1)%n",
                100 * worst);

        System.out.println();
        System.out.println("With 4 skill groups of " + agents / 4 + " agents, the same total load spread evenly:");
        System.out.println("share of pooled capacity kept = offered load / load the pooled " + agents
                + " agents carry at the same SL15 (Erlang C)");
        System.out.println();
        System.out.println(
                "| layout | offered load (E) | achieved SL15 (95% CI) | Erlang C SL15 per group | share of pooled capacity kept |");
        System.out.println("|---|---|---|---|---|");
        for (String text : loads) {
            double load = Double.parseDouble(text.trim());
            for (CallSimulation.Layout layout :
                    new CallSimulation.Layout[] {CallSimulation.groups(4, 0), CallSimulation.groups(4, 1)}) {
                CallSimulation.Result result = simulation.run(layout, load, seed);
                double perGroup = ErlangC.serviceLevel(agents / 4, load / 4, aht, threshold);
                double pooledCapacity = ErlangC.capacity(agents, aht, threshold, Math.max(result.serviceLevel(), 1e-6));
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %.0f | %.2f %% ± %.2f | %s | %.1f %% |%n",
                        result.layout(),
                        load,
                        100 * result.serviceLevel(),
                        100 * result.halfWidth(),
                        layout.name().endsWith("one skill each")
                                ? String.format(Locale.ROOT, "%.2f %%", 100 * perGroup)
                                : "-",
                        100 * load / pooledCapacity);
            }
        }
        double target = 0.9;
        double pooledAtTarget = ErlangC.capacity(agents, aht, threshold, target);
        double splitAtTarget = 4 * ErlangC.capacity(agents / 4, aht, threshold, target);
        System.out.printf(
                Locale.ROOT,
                "RESULT 4 groups (Erlang C, at the 90 %% / 15 s target): %.1f E of the pooled %.1f E = %.1f %% of pooled"
                        + " capacity kept%n",
                splitAtTarget,
                pooledAtTarget,
                100 * splitAtTarget / pooledAtTarget);
    }
}

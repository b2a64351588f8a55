package cn.hotline.call.acd.domain;

/**
 * Erlang C for one queue of {@code servers} agents offered {@code load} Erlangs (M/M/c, no abandonment): the chance a
 * call waits, the service level and the average speed of answer. Used for estimated waits and staffing, and as the
 * yardstick of the ACD simulation benchmark.
 *
 * <p>Numerically stable: Erlang B by the recurrence {@code B(0) = 1, B(n) = A·B(n-1) / (n + A·B(n-1))}, which stays in
 * (0, 1] for any number of agents, then {@code C = N·B / (N - A·(1 - B))}; no factorials or powers that overflow.
 */
public final class ErlangC {

    private ErlangC() {}

    /** Blocking probability of an Erlang loss system with {@code servers} servers and {@code load} Erlangs. */
    public static double erlangB(int servers, double load) {
        check(servers, load);
        double b = 1.0;
        for (int n = 1; n <= servers; n++) {
            b = load * b / (n + load * b);
        }
        return b;
    }

    /** Probability that a call has to wait; 1 when the load reaches the number of agents (the queue never drains). */
    public static double probabilityOfWaiting(int servers, double load) {
        check(servers, load);
        if (load >= servers) {
            return 1.0;
        }
        double b = erlangB(servers, load);
        return servers * b / (servers - load * (1 - b));
    }

    /** Share of calls answered within {@code seconds}: {@code 1 - C·exp(-(N - A)·t / AHT)}. */
    public static double serviceLevel(int servers, double load, double averageHandleSeconds, double seconds) {
        if (load >= servers) {
            return 0.0;
        }
        double waiting = probabilityOfWaiting(servers, load);
        return 1 - waiting * Math.exp(-(servers - load) * seconds / averageHandleSeconds);
    }

    /** Average speed of answer in seconds: {@code C·AHT / (N - A)}. */
    public static double averageSpeedOfAnswer(int servers, double load, double averageHandleSeconds) {
        if (load >= servers) {
            return Double.POSITIVE_INFINITY;
        }
        return probabilityOfWaiting(servers, load) * averageHandleSeconds / (servers - load);
    }

    /** The most Erlangs {@code servers} agents can take while keeping {@code target} answered within {@code seconds}. */
    public static double capacity(int servers, double averageHandleSeconds, double seconds, double target) {
        double low = 0;
        double high = servers;
        for (int i = 0; i < 100; i++) {
            double mid = (low + high) / 2;
            if (serviceLevel(servers, mid, averageHandleSeconds, seconds) >= target) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static void check(int servers, double load) {
        if (servers < 1 || !(load > 0) || Double.isInfinite(load)) {
            throw new IllegalArgumentException("need at least one agent and a positive load");
        }
    }
}

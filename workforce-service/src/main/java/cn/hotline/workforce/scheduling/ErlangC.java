package cn.hotline.workforce.scheduling;

/**
 * Erlang C (M/M/N, callers wait, nobody abandons): with {@code A} erlangs offered ({@code A = λ × AHT}) to {@code N}
 * agents, P(wait) = C(N, A) = N·B / (N − A·(1 − B)) where B is Erlang B, computed by the stable recursion B(0) = 1,
 * B(n) = A·B(n−1) / (n + A·B(n−1)) (no factorials, no overflow for hundreds of agents). Service level within
 * {@code t}: 1 − C·e^{−(N − A)·t / AHT}; average speed of answer: C·AHT / (N − A).
 */
public final class ErlangC {

    private ErlangC() {}

    /** The probability that a call waits; 1 when the agents cannot keep up ({@code N ≤ A}). */
    public static double probabilityOfWaiting(double erlangs, int agents) {
        if (erlangs < 0 || agents < 0) {
            throw new IllegalArgumentException("traffic and agents must not be negative");
        }
        if (erlangs == 0) {
            return 0;
        }
        if (agents <= erlangs) {
            return 1;
        }
        double b = 1;
        for (int n = 1; n <= agents; n++) {
            b = erlangs * b / (n + erlangs * b);
        }
        return agents * b / (agents - erlangs * (1 - b));
    }

    /** The share of calls answered within {@code targetSeconds}; 0 when {@code N ≤ A}. */
    public static double serviceLevel(double erlangs, int agents, double ahtSeconds, double targetSeconds) {
        if (ahtSeconds <= 0 || targetSeconds < 0) {
            throw new IllegalArgumentException("AHT must be positive and the target not negative");
        }
        if (erlangs == 0) {
            return 1;
        }
        if (agents <= erlangs) {
            return 0;
        }
        return 1 - probabilityOfWaiting(erlangs, agents) * Math.exp(-(agents - erlangs) * targetSeconds / ahtSeconds);
    }

    /** Average speed of answer in seconds; infinite when {@code N ≤ A}. */
    public static double averageSpeedOfAnswer(double erlangs, int agents, double ahtSeconds) {
        if (erlangs == 0) {
            return 0;
        }
        if (agents <= erlangs) {
            return Double.POSITIVE_INFINITY;
        }
        return probabilityOfWaiting(erlangs, agents) * ahtSeconds / (agents - erlangs);
    }

    /** The fewest agents whose service level within {@code targetSeconds} reaches {@code targetLevel} (0-1). */
    public static int agentsFor(double erlangs, double ahtSeconds, double targetSeconds, double targetLevel) {
        if (!(targetLevel > 0 && targetLevel < 1)) {
            throw new IllegalArgumentException("the service-level target must be between 0 and 1 (exclusive)");
        }
        if (erlangs == 0) {
            return 0;
        }
        int agents = (int) Math.floor(erlangs) + 1;
        while (serviceLevel(erlangs, agents, ahtSeconds, targetSeconds) < targetLevel) {
            agents++;
        }
        return agents;
    }
}

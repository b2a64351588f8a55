package cn.hotline.citysim;

/** The injected faults: a share of deliveries fail, a share stall. */
record Faults(double failureRate, double timeoutRate) {

    Faults {
        check(failureRate, timeoutRate);
    }

    static void check(double failureRate, double timeoutRate) {
        if (failureRate < 0 || timeoutRate < 0 || failureRate + timeoutRate > 1) {
            throw new IllegalArgumentException(
                    "failureRate and timeoutRate are shares between 0 and 1, together at most 1");
        }
    }

    enum Fate {
        FAIL,
        STALL,
        ANSWER
    }

    /** What happens to one delivery, for a uniform random draw in [0, 1). */
    Fate fate(double draw) {
        if (draw < failureRate) {
            return Fate.FAIL;
        }
        if (draw < failureRate + timeoutRate) {
            return Fate.STALL;
        }
        return Fate.ANSWER;
    }
}

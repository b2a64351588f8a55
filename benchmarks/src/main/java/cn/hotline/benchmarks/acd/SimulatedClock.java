package cn.hotline.benchmarks.acd;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Simulated time in seconds since the start of the run, as a {@link Clock} the ACD reads. */
final class SimulatedClock extends Clock {

    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    private double seconds;

    void set(double seconds) {
        this.seconds = seconds;
    }

    double seconds() {
        return seconds;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return START.plusNanos((long) (seconds * 1e9));
    }
}

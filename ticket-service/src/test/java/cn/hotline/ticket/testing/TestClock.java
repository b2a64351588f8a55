package cn.hotline.ticket.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The service's clock in tests: real time, or frozen at what a test sets; {@link #reset()} after each use. */
public final class TestClock extends Clock {

    private final AtomicReference<@Nullable Instant> frozen = new AtomicReference<>();

    /** Stops the clock at {@code at}. */
    public void set(Instant at) {
        frozen.set(at);
    }

    public void reset() {
        frozen.set(null);
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
        Instant at = frozen.get();
        return at != null ? at : Instant.now();
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        TestClock testClock() {
            return new TestClock();
        }
    }
}

package cn.hotline.devstack;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Polls a health probe until it passes, the time is up, or the process it waits for has died. */
final class Await {

    private static final Duration INTERVAL = Duration.ofMillis(100);

    private Await() {}

    static <T> T healthy(String what, Duration timeout, @Nullable ChildProcess process, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (process != null && !process.isAlive()) {
                throw new StackStartException(what + " " + process.exitDescription() + " before it was healthy");
            }
            Optional<T> result = probe.get();
            if (result.isPresent()) {
                return result.get();
            }
            if (System.nanoTime() > deadline) {
                throw new StackStartException(what + " was not healthy after " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackStartException(what + ": interrupted while waiting for it", e);
            }
        }
    }
}

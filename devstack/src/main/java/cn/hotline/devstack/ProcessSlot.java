package cn.hotline.devstack;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Holds the process of one server so that a stop can arrive at any moment, even while the server is still starting
 * (a failure elsewhere, Ctrl-C): a process launched after the stop is killed at once instead of leaking.
 */
final class ProcessSlot {

    private final String name;
    private final Duration grace;
    private @Nullable ChildProcess process;
    private boolean stopped;

    ProcessSlot(String name, Duration grace) {
        this.name = name;
        this.grace = grace;
    }

    ChildProcess launch(Supplier<ChildProcess> launcher) {
        ChildProcess launched;
        synchronized (this) {
            if (stopped) {
                throw new StackStartException(name + ": stopped before it started");
            }
            launched = launcher.get();
            process = launched;
        }
        return launched;
    }

    void stop() {
        ChildProcess running;
        synchronized (this) {
            stopped = true;
            running = process;
        }
        if (running != null) {
            running.stop(grace);
        }
    }

    synchronized boolean stopRequested() {
        return stopped;
    }

    /** The processes still running. */
    synchronized List<ProcessHandle> processes() {
        return process == null
                ? List.of()
                : process.tree().stream().filter(ProcessHandle::isAlive).toList();
    }

    synchronized @Nullable ChildProcess process() {
        return process;
    }
}

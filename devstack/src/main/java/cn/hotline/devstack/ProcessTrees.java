package cn.hotline.devstack;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stops a set of processes: SIGTERM, a grace period, then SIGKILL for the survivors. */
final class ProcessTrees {

    private static final Logger log = LoggerFactory.getLogger(ProcessTrees.class);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private ProcessTrees() {}

    static void terminate(String name, List<ProcessHandle> processes, Duration grace) {
        List<ProcessHandle> alive =
                processes.stream().filter(ProcessHandle::isAlive).toList();
        if (alive.isEmpty()) {
            return;
        }
        alive.forEach(ProcessHandle::destroy);
        kill(name, awaitExit(alive, grace), grace);
    }

    /** SIGKILL for whatever of {@code processes} still runs. */
    static void kill(String name, List<ProcessHandle> processes, Duration after) {
        List<ProcessHandle> left =
                processes.stream().filter(ProcessHandle::isAlive).toList();
        if (left.isEmpty()) {
            return;
        }
        log.warn("{} did not stop within {} s, killing pids {}", name, after.toSeconds(), pids(left));
        left.forEach(ProcessHandle::destroyForcibly);
        left = awaitExit(left, KILL_WAIT);
        if (!left.isEmpty()) {
            log.error("{}: pids {} survived SIGKILL", name, pids(left));
        }
    }

    /** Waits until all have exited or the time is up; returns those still running. */
    static List<ProcessHandle> awaitExit(List<ProcessHandle> processes, Duration timeout) {
        CompletableFuture<?>[] exits =
                processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // the survivors are returned
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return processes.stream().filter(ProcessHandle::isAlive).toList();
    }

    private static List<Long> pids(List<ProcessHandle> processes) {
        return processes.stream().map(ProcessHandle::pid).toList();
    }
}

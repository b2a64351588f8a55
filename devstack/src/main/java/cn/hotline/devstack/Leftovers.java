package cn.hotline.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes of an earlier run in the same run folder whose launcher was killed without a chance to stop them (kill -9,
 * a crashed IDE). Their pids are recorded in {@code <run>/pids}; a recorded process is only killed if its command line
 * still names the run folder, so a recycled pid is never hit.
 */
final class Leftovers {

    private static final Logger log = LoggerFactory.getLogger(Leftovers.class);
    static final String FILE = "pids";

    private Leftovers() {}

    static void record(Path runDir, List<ProcessHandle> processes) {
        StringBuilder text = new StringBuilder();
        processes.forEach(process -> text.append(process.pid()).append('\n'));
        try {
            Files.writeString(runDir.resolve(FILE), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void forget(Path runDir) {
        try {
            Files.deleteIfExists(runDir.resolve(FILE));
        } catch (IOException e) {
            log.debug("cannot delete {}", runDir.resolve(FILE), e);
        }
    }

    static void reap(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return;
        }
        List<ProcessHandle> leftovers;
        try {
            leftovers = Files.readAllLines(file).stream()
                    .map(String::strip)
                    .filter(line -> line.matches("\\d+"))
                    .map(Long::parseLong)
                    .map(ProcessHandle::of)
                    .flatMap(Optional::stream)
                    .filter(process -> belongsTo(process, runDir))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!leftovers.isEmpty()) {
            log.warn("Stopping {} processes left running by an earlier run in {}", leftovers.size(), runDir);
            ProcessTrees.terminate("leftovers of " + runDir, leftovers, Duration.ofSeconds(10));
        }
        forget(runDir);
    }

    /** Every server runs with its working directory in the run folder; redis rewrites its command line. */
    private static boolean belongsTo(ProcessHandle process, Path runDir) {
        try {
            Path cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd"));
            if (cwd.startsWith(runDir)) {
                return true;
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not Linux, or not ours to inspect: fall back to the command line
        }
        return process.info()
                .commandLine()
                .or(() -> process.info().arguments().map(arguments -> String.join(" ", arguments)))
                .filter(commandLine -> commandLine.contains(runDir.toString()))
                .isPresent();
    }
}

package cn.hotline.devstack.test;

import cn.hotline.devstack.LocalStack;
import cn.hotline.devstack.StackEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real servers for tests. Under {@code ./test} they were started once for the whole build and described in the env
 * file named by {@code -Ddevstack.env} (or {@code CC_DEVSTACK_ENV}); every test JVM reads that. A test run alone (an
 * IDE) gets its own servers, started once per JVM and stopped when it exits.
 */
public final class TestStack {

    private static final Logger log = LoggerFactory.getLogger(TestStack.class);
    private static @Nullable StackEndpoints endpoints;

    private TestStack() {}

    public static synchronized StackEndpoints endpoints() {
        StackEndpoints known = endpoints;
        if (known == null) {
            known = locate();
            endpoints = known;
        }
        return known;
    }

    /** Sets every {@code CC_*} key as a system property, so Spring resolves {@code ${CC_PG_PORT}} and the like. */
    public static void applyToSystemProperties() {
        for (Map.Entry<String, String> entry : endpoints().toMap().entrySet()) {
            System.setProperty(entry.getKey(), entry.getValue());
        }
    }

    private static StackEndpoints locate() {
        EnvFileLocation location = EnvFileLocation.fromRuntime();
        Path configured = location.configured();
        if (configured != null) {
            if (location.existingFile().isPresent()) {
                return fromEnvFile(configured);
            }
            log.warn(
                    "{} names {}, which does not exist; starting servers in-process instead",
                    location.source(),
                    configured);
        }
        return startInProcess();
    }

    private static StackEndpoints fromEnvFile(Path file) {
        StackEndpoints loaded = StackEndpoints.load(file);
        if (ProcessHandle.of(loaded.stackPid()).filter(ProcessHandle::isAlive).isEmpty()) {
            throw new IllegalStateException(file + " is stale: the devstack process " + loaded.stackPid()
                    + " that started its servers is gone. Run the tests through ./test, or delete the file.");
        }
        log.info("Using the servers of devstack process {} ({})", loaded.stackPid(), file);
        return loaded;
    }

    private static StackEndpoints startInProcess() {
        Path runDir;
        try {
            runDir = Files.createTempDirectory("devstack-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.warn(
                "No devstack env file (-D{} / {}): starting the servers in this JVM, a fallback for running a test "
                        + "alone in an IDE. Run folder (deleted at exit): {}",
                EnvFileLocation.PROPERTY,
                EnvFileLocation.VARIABLE,
                runDir);
        LocalStack stack = LocalStack.create(runDir);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stack.close();
                            deleteRecursively(runDir);
                        },
                        "devstack-test-shutdown"));
        return stack.start().endpoints();
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.debug("could not delete {}", root, e);
        }
    }
}

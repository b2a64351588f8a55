package cn.hotline.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code devstack servers} as the test script runs it: a separate JVM that writes the env file once all servers are
 * healthy, and on the stop file or SIGTERM stops them, deletes the env file and leaves no process behind.
 */
class DevStackServersIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    @Test
    void stopFileStopsEverythingAndDeletesTheEnvFile() throws Exception {
        Path envFile = dir.resolve("stack.env");
        Process launcher = launch(envFile);
        try {
            StackEndpoints endpoints = awaitEnvFile(launcher, envFile);
            assertThat(endpoints.stackPid()).isEqualTo(launcher.pid());
            assertThat(Resp.command(endpoints.redisHost(), endpoints.redisPort(), "PING"))
                    .isEqualTo("+PONG");
            assertThat(Http.get(URI.create(endpoints.janusUrl() + "/info"))).isPresent();
            List<ProcessHandle> processes = launcher.descendants().toList();
            assertThat(processes).hasSizeGreaterThanOrEqualTo(4);

            Files.createFile(dir.resolve("stack.env.stop"));

            assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(launcher.exitValue()).isZero();
            assertStoppedCleanly(envFile, endpoints, processes);
            assertThat(dir.resolve("stack.env.stop")).doesNotExist();
            assertThat(output()).contains("servers ready", "stopped");
        } finally {
            launcher.destroyForcibly();
        }
    }

    @Test
    void sigtermStopsEverythingAndDeletesTheEnvFile() throws Exception {
        Path envFile = dir.resolve("stack.env");
        Process launcher = launch(envFile);
        try {
            StackEndpoints endpoints = awaitEnvFile(launcher, envFile);
            List<ProcessHandle> processes = launcher.descendants().toList();

            launcher.destroy(); // SIGTERM, as the test script's trap sends it

            assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(launcher.exitValue()).isEqualTo(143);
            assertStoppedCleanly(envFile, endpoints, processes);
        } finally {
            launcher.destroyForcibly();
        }
    }

    private Process launch(Path envFile) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                JavaRuntime.java().toString(),
                "-cp",
                System.getProperty("java.class.path"),
                DevStack.class.getName(),
                "servers",
                "--env-file",
                envFile.toString()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("launcher.log").toFile())
                .start();
    }

    private StackEndpoints awaitEnvFile(Process launcher, Path envFile) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(envFile)) {
            assertThat(launcher.isAlive()).as("launcher died:\n%s", output()).isTrue();
            assertThat(System.nanoTime())
                    .as("no env file after %s:\n%s", START_TIMEOUT, output())
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
        return StackEndpoints.load(envFile);
    }

    private static void assertStoppedCleanly(Path envFile, StackEndpoints endpoints, List<ProcessHandle> processes) {
        assertThat(envFile).doesNotExist();
        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        List<Integer> ports = List.of(
                endpoints.pgPort(),
                endpoints.redisPort(),
                endpoints.pulsarUrl().getPort(),
                endpoints.pulsarAdminUrl().getPort(),
                endpoints.s3Endpoint().getPort(),
                endpoints.janusUrl().getPort(),
                endpoints.janusWsUrl().getPort());
        assertThat(Ports.listening(ports)).isEmpty();
    }

    private String output() throws IOException {
        Path log = dir.resolve("launcher.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }
}

package cn.hotline.ticket.city;

import cn.hotline.devstack.test.TestStack;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A separate JVM started by a test: the city simulator from its executable jar, or a ticket-service delivery worker on
 * the test classpath, so that a test can {@code kill -9} it ({@link #kill()}: {@link Process#destroyForcibly()} sends
 * SIGKILL on Linux).
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    final int port;
    final Path log;

    private ChildJvm(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The city simulator's executable jar, which Maven put on the test classpath (ticket-service's pom). */
    static Path simulatorJar() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("city-simulator") && entry.endsWith("-exec.jar"))
                .map(Path::of)
                .findFirst()
                .orElseThrow(
                        () -> new IllegalStateException(
                                "city-simulator's exec jar is not on the test classpath: ./mvnw -o install -pl city-simulator"));
    }

    static ChildJvm simulator(Map<String, String> properties) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                java(),
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                simulatorJar().toString(),
                "--server.port=" + port));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        return start("city-simulator", command, Map.of(), port);
    }

    /** ticket-service with only the delivery worker doing work, its web server on a free port. */
    static ChildJvm worker(Map<String, String> properties) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                java(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "cn.hotline.ticket.TicketServiceApplication",
                "--server.port=" + port,
                "--cc.ticket.city.relay-enabled=false",
                "--cc.ticket.city.worker-enabled=true",
                "--spring.flyway.enabled=false"));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        Map<String, String> environment =
                new java.util.LinkedHashMap<>(TestStack.endpoints().toMap());
        return start("city-worker", command, environment, port);
    }

    private static ChildJvm start(String name, List<String> command, Map<String, String> environment, int port)
            throws IOException {
        Path log = Files.createTempFile(name + "-", ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return new ChildJvm(builder.start(), port, log);
    }

    /** Waits until {@code /actuator/health} answers UP. */
    ChildJvm awaitHealthy(Duration timeout) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("child JVM exited: " + tail());
            }
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("UP")) {
                    return this;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("child JVM not healthy in " + timeout + ": " + tail());
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    long pid() {
        return process.pid();
    }

    /** kill -9. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}

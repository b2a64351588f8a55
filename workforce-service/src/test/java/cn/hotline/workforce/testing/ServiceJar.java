package cn.hotline.workforce.testing;

import cn.hotline.devstack.test.TestStack;
import cn.hotline.kernel.testing.TestTokens;
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
import java.util.concurrent.TimeUnit;

/**
 * Another service of the platform, really: its executable jar (a test dependency of this module) in its own JVM on a
 * free loopback port, against the same devstack, trusting the same {@link TestTokens}. Stopped by {@link #stop()} or,
 * at the latest, when the JVM ends.
 */
public final class ServiceJar {

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceJar(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code <artifact>-*-exec.jar} from the test classpath with the extra arguments; waits until healthy. */
    public static ServiceJar start(String artifact, List<String> arguments) {
        Path jar = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> Path.of(entry).getFileName().toString().startsWith(artifact + "-")
                        && entry.endsWith("-exec.jar"))
                .map(Path::of)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(artifact
                        + "'s exec jar is not on the test classpath: ./mvnw -o install -DskipTests -pl " + artifact));
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--cc.crypto.personal-data.current-version=1",
                "--cc.crypto.personal-data.sealing-keys.1=Bc8YpPq0QIfX0m7c6S3rAw==",
                "--cc.crypto.personal-data.index-key=ZGV2LWluZGV4LWtleS1ub3QtZm9yLXByb2R1Y3Rpb24tMDEyMzQ1Njc4OQ=="));
        command.addAll(arguments);
        TestTokens.properties().forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Path log = Files.createTempFile(artifact + "-", ".log");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(TestStack.endpoints().toMap());
            Process process = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            ServiceJar service = new ServiceJar(artifact, port, process, log);
            service.awaitHealthy(Duration.ofSeconds(240));
            return service;
        } catch (IOException e) {
            throw new IllegalStateException(artifact + " did not start", e);
        }
    }

    /** Stops the service's JVM and waits for it (the tests after its user should not share the CPU with it). */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private void awaitHealthy(Duration limit) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: " + tail());
            }
            try {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(url().resolve("/actuator/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("UP")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(name + " not healthy in " + limit + ": " + tail());
    }

    /** The end of the service's log (for failure messages). */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

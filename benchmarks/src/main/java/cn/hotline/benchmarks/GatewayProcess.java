package cn.hotline.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real gateway, as production and devstack run it: its executable jar in a JVM of its own, configured through the
 * same environment variables ({@code SERVER_PORT}, {@code CC_TENANT_SERVICE_URL}, {@code CC_REDIS_PORT}, ...) and
 * {@code --name=value} arguments. Its output goes to a log file.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final Process process;
    private final int port;
    private final Thread stopOnExit;

    private GatewayProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        // A killed benchmark fork must not leave the gateway running.
        this.stopOnExit = new Thread(process::destroyForcibly, "stop-gateway");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * @param jar the gateway's {@code -exec.jar}
     * @param environment variables for the gateway ({@code SERVER_PORT} is added: a free port)
     * @param jvmOptions options for the gateway's JVM
     * @param arguments application arguments ({@code --name=value} properties)
     */
    public static GatewayProcess start(
            Path jar, Map<String, String> environment, List<String> jvmOptions, List<String> arguments, Path log)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no gateway jar at " + jar.toAbsolutePath()
                    + ": build it first (./mvnw -pl gateway -am package -DskipTests)");
        }
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        command.addAll(arguments);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        GatewayProcess gateway = new GatewayProcess(builder.start(), port);
        gateway.awaitReady(log);
        return gateway;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitReady(Path log) throws InterruptedException, IOException {
        URI readiness = URI.create(baseUrl() + "/actuator/health/readiness");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            "the gateway exited with " + process.exitValue() + "; its log:\n" + tail(log));
                }
                try {
                    HttpResponse<Void> response = http.send(
                            HttpRequest.newBuilder(readiness)
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
        }
        close();
        throw new IllegalStateException(
                "the gateway was not ready within " + READY_TIMEOUT + "; its log:\n" + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}

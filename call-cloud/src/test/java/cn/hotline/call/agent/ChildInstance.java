package cn.hotline.call.agent;

import cn.hotline.call.CallCloudApplication;
import cn.hotline.kernel.testing.TestTokens;
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
import java.util.List;

/**
 * A call-cloud instance in its own JVM (this test's class path, the test stack's servers), so a test can kill it with
 * SIGKILL the way a crashed machine goes: no shutdown hooks, no lease given back.
 */
final class ChildInstance implements AutoCloseable {

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private ChildInstance(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ChildInstance start(String name) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                CallCloudApplication.class.getName(),
                "--server.port=" + port,
                "--cc.call.acd.instance-id=" + name + "-" + port,
                "--cc.call.acd.lease-ttl=2s"));
        TestTokens.properties().forEach((key, value) -> command.add("--" + key + "=" + value));
        Path log = Files.createTempFile("call-cloud-" + name, ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // The servers of the test stack reach the child as the CC_* environment its application.yml reads.
        System.getProperties().forEach((key, value) -> {
            if (key.toString().startsWith("CC_")) {
                builder.environment().put(key.toString(), value.toString());
            }
        });
        ChildInstance child = new ChildInstance(builder.start(), port);
        child.awaitUp(Duration.ofSeconds(90), log);
        return child;
    }

    private void awaitUp(Duration timeout, Path log) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("call-cloud child exited: " + Files.readString(log));
            }
            try {
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("call-cloud child did not start within " + timeout + "; log: " + log);
    }

    /** Runs an ACD command on this instance directly (the internal API other instances forward to). */
    String command(String tenant, String json) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + port + "/internal/acd/tenants/" + tenant + "/commands"))
                        .header("Content-Type", "application/json")
                        .header("X-Internal-Token", TestTokens.INTERNAL_TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("command refused: " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    void kill() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}

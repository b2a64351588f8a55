package cn.hotline.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (the Debian package's binary, found on the {@code PATH}) on a free loopback port, in
 * memory only, for one benchmark trial; {@link #close()} stops it, and so does the JVM's exit if the trial dies. Also a
 * minimal RESP client for what the benchmark asks it: {@code PING} and the command counters of {@code INFO
 * commandstats}.
 */
final class RedisServer implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final int port;
    private final Thread stopOnExit;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
        this.stopOnExit = new Thread(process::destroyForcibly, "stop-redis");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Starts {@code redis-server} (or {@code binary}) and waits until it answers {@code PING}. */
    static RedisServer start(String binary, Path log) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = List.of(
                binary,
                "--bind",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes",
                "--daemonize",
                "no");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot start " + binary + " (install the Debian package redis-server, or set"
                            + " bench.redis.binary): " + e.getMessage(),
                    e);
        }
        RedisServer redis = new RedisServer(process, port);
        redis.awaitReady(log);
        return redis;
    }

    String host() {
        return "127.0.0.1";
    }

    int port() {
        return port;
    }

    /** Calls per command since start (or the last reset), from {@code INFO commandstats}: {@code evalsha -> 1234}. */
    Map<String, Long> commandCalls() throws IOException {
        String info = bulk(call("INFO", "commandstats"));
        Map<String, Long> calls = new LinkedHashMap<>();
        for (String line : info.split("\r\n")) {
            // cmdstat_evalsha:calls=1234,usec=...,usec_per_call=...,rejected_calls=0,failed_calls=0
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String values = line.substring(line.indexOf(':') + 1);
                for (String field : values.split(",")) {
                    if (field.startsWith("calls=")) {
                        calls.put(name, Long.parseLong(field.substring("calls=".length())));
                    }
                }
            }
        }
        return calls;
    }

    /** Zeroes the counters of {@link #commandCalls()}. */
    void resetCommandCalls() throws IOException {
        call("CONFIG", "RESETSTAT");
    }

    private void awaitReady(Path log) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "redis-server exited with " + process.exitValue() + "; its log:\n" + Files.readString(log));
            }
            try {
                if ("PONG".equals(call("PING"))) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        close();
        throw new IllegalStateException("redis-server did not answer PING within " + READY_TIMEOUT);
    }

    /** Sends one command and reads a simple string, an integer (as text) or a bulk string (prefixed by "$"). */
    private String call(String... arguments) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host(), port), 1_000);
            socket.setSoTimeout(5_000);
            StringBuilder request =
                    new StringBuilder("*").append(arguments.length).append("\r\n");
            for (String argument : arguments) {
                byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
                request.append('$')
                        .append(bytes.length)
                        .append("\r\n")
                        .append(argument)
                        .append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String first = line(in);
            return switch (first.charAt(0)) {
                case '+', ':' -> first.substring(1);
                case '$' ->
                    "$" + new String(in.readNBytes(Integer.parseInt(first.substring(1))), StandardCharsets.UTF_8);
                case '-' -> throw new IOException("redis refused " + arguments[0] + ": " + first.substring(1));
                default -> throw new IOException("unexpected redis answer: " + first);
            };
        }
    }

    private static String bulk(String answer) throws IOException {
        if (!answer.startsWith("$")) {
            throw new IOException("expected a bulk string, got " + answer);
        }
        return answer.substring(1);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("redis closed the connection");
            }
            if (previous == '\r' && next == '\n') {
                break;
            }
            if (previous >= 0) {
                bytes.write(previous);
            }
            previous = next;
        }
        return bytes.toString(StandardCharsets.UTF_8);
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
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
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

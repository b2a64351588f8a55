package cn.hotline.call.sip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs Debian's SIPp ({@code /usr/bin/sipp}) with a scenario from {@code src/test/resources/sipp}. */
public final class Sipp {

    /** How a run ended: SIPp's exit code (0: every call as the scenario says) and what it printed. */
    public record Result(int exitCode, String output, Path workDir) {
        public boolean allCallsSucceeded() {
            return exitCode == 0;
        }
    }

    private Sipp() {}

    /** A SIPp far end (UAS) running in the background; {@link #await} waits for it to finish its calls. */
    public record Serving(Process process, Path workDir, int port) {
        public Result await(java.time.Duration limit) {
            try {
                if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("SIPp did not finish in " + limit);
                }
                String output = Files.readString(workDir.resolve("sipp.out"), StandardCharsets.ISO_8859_1);
                return new Result(process.exitValue(), output, workDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Every SIP message SIPp sent and received ({@code -trace_msg}). */
        public String messages() {
            try {
                Path file = workDir.resolve("messages.log");
                return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void stop() {
            process.destroy();
        }
    }

    /**
     * Starts SIPp as the far end with {@code scenario} on a free UDP port of {@code localIp}; it handles {@code calls}
     * calls, logs every message, and exits. Waits until its port is bound.
     */
    static Serving serve(Path scenario, String localIp, int calls) {
        try {
            return serve(scenario, localIp, freeUdpPort(localIp) + 1, calls);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #serve(Path, String, int)} on a given port. */
    public static Serving serve(Path scenario, String localIp, int port, int calls) {
        return serve(scenario, localIp, port, calls, List.of());
    }

    /**
     * As {@link #serve(Path, String, int, int)} with extra SIPp options (e.g. {@code -rtp_echo}). SIPp binds four
     * media ports from {@code -mp} (audio and video RTP and RTCP); on this shared machine another process may take one
     * between our probe and SIPp's bind, so a start that fails to bind is tried again with other ports.
     */
    public static Serving serve(Path scenario, String localIp, int port, int calls, List<String> extra) {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return serveOnce(scenario, localIp, port, calls, extra);
            } catch (IllegalStateException e) {
                if (e.getMessage() == null || !e.getMessage().contains("Unable to bind")) {
                    throw e;
                }
                last = e;
            }
        }
        throw java.util.Objects.requireNonNull(last);
    }

    /** An even port {@code p} with {@code p .. p+3} free on {@code ip} (SIPp's audio and video RTP / RTCP). */
    public static int freeMediaPort(String ip) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate = freeUdpPort(ip);
            List<java.net.DatagramSocket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    held.add(new java.net.DatagramSocket(new java.net.InetSocketAddress(ip, candidate + i)));
                }
                return candidate;
            } catch (IOException taken) {
                // try another
            } finally {
                held.forEach(java.net.DatagramSocket::close);
            }
        }
        throw new IOException("no four free media ports on " + ip);
    }

    private static Serving serveOnce(Path scenario, String localIp, int port, int calls, List<String> extra) {
        try {
            Path work = Files.createTempDirectory("sipp-uas-");
            List<String> command = new ArrayList<>(List.of(
                    "/usr/bin/sipp",
                    "-sf",
                    scenario.toString(),
                    "-i",
                    localIp,
                    "-p",
                    Integer.toString(port),
                    "-mi",
                    localIp,
                    "-mp",
                    Integer.toString(freeMediaPort(localIp)),
                    "-m",
                    Integer.toString(calls),
                    "-timeout",
                    "60s",
                    "-timeout_error",
                    "-trace_msg",
                    "-message_file",
                    work.resolve("messages.log").toString(),
                    "-nostdin"));
            command.addAll(extra);
            Process process = new ProcessBuilder(command)
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("sipp.out").toFile())
                    .start();
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && process.isAlive() && !bound(localIp, port)) {
                Thread.sleep(50);
            }
            Thread.sleep(200); // the media ports are bound after the signalling port
            if (!process.isAlive()) {
                throw new IllegalStateException("SIPp did not start: "
                        + Files.readString(work.resolve("sipp.out"), StandardCharsets.ISO_8859_1));
            }
            return new Serving(process, work, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean bound(String ip, int port) {
        try (var socket = new java.net.DatagramSocket(new java.net.InetSocketAddress(ip, port))) {
            return false;
        } catch (IOException taken) {
            return true;
        }
    }

    private static int freeUdpPort(String ip) throws IOException {
        try (var socket = new java.net.DatagramSocket(new java.net.InetSocketAddress(ip, 0))) {
            return socket.getLocalPort() & ~1; // SIPp wants an even RTP port
        }
    }

    public static Path scenario(String name, Map<String, String> replacements) {
        try {
            Path source = Path.of(Sipp.class.getResource("/sipp/" + name).toURI());
            String text = Files.readString(source, StandardCharsets.UTF_8);
            for (Map.Entry<String, String> entry : replacements.entrySet()) {
                text = text.replace(entry.getKey(), entry.getValue());
            }
            text = text.replace("@CHECKS@", "").replace("@REFERENCE@", "").replace("@EARLY@", "");
            Path copy = Files.createTempFile("sipp-", "-" + name);
            Files.writeString(copy, text, StandardCharsets.UTF_8);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One run against {@code host:port}: {@code calls} calls at {@code rate} per second from {@code localIp}, the
     * called number as the service, {@code key caller} set.
     */
    public static Result run(
            Path scenario,
            String localIp,
            String host,
            int port,
            String called,
            String caller,
            int calls,
            int rate,
            List<String> extra) {
        Result result = runOnce(scenario, localIp, host, port, called, caller, calls, rate, extra);
        // another process on this shared machine took one of SIPp's media ports first: nothing was sent, try again
        for (int attempt = 0;
                attempt < 4 && !result.allCallsSucceeded() && result.output().contains("Unable to bind");
                attempt++) {
            result = runOnce(scenario, localIp, host, port, called, caller, calls, rate, extra);
        }
        return result;
    }

    private static Result runOnce(
            Path scenario,
            String localIp,
            String host,
            int port,
            String called,
            String caller,
            int calls,
            int rate,
            List<String> extra) {
        try {
            Path work = Files.createTempDirectory("sipp-run-");
            List<String> command = new ArrayList<>(List.of(
                    "/usr/bin/sipp",
                    host + ":" + port,
                    "-sf",
                    scenario.toString(),
                    "-i",
                    localIp,
                    "-p",
                    "0",
                    "-mi",
                    localIp,
                    "-mp",
                    Integer.toString(freeMediaPort(localIp)),
                    "-s",
                    called,
                    "-key",
                    "caller",
                    caller,
                    "-m",
                    Integer.toString(calls),
                    "-r",
                    Integer.toString(rate),
                    "-l",
                    Integer.toString(Math.max(calls, 1)),
                    "-timeout",
                    "60s",
                    "-timeout_error",
                    "-recv_timeout",
                    "8000",
                    "-nostdin",
                    "-bg"));
            command.remove("-bg"); // foreground: we wait for it
            command.addAll(extra);
            Process process = new ProcessBuilder(command)
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("sipp.out").toFile())
                    .start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("SIPp did not finish in 90 s");
            }
            String output = Files.readString(work.resolve("sipp.out"), StandardCharsets.ISO_8859_1);
            return new Result(process.exitValue(), output, work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

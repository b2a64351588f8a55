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
            text = text.replace("@CHECKS@", "").replace("@REFERENCE@", "");
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
                    Integer.toString(freeUdpPort(localIp)),
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

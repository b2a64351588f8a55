package cn.hotline.call.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A SIPp caller (one call) from a scenario in {@code src/test/resources/sipp}, towards a SIP address. */
final class SippCaller {

    private SippCaller() {}

    /**
     * Starts SIPp with scenario {@code name} ({@code @HOST@} → 127.0.0.1 and {@code replacements} applied) calling
     * {@code number} at {@code target} ({@code host:port}) as caller 13912345678; output in {@code work/sipp.out}.
     */
    static Process start(String name, String target, String number, Path work, Map<String, String> replacements)
            throws IOException {
        String scenario = new String(
                        SippCaller.class.getResourceAsStream("/sipp/" + name).readAllBytes(), StandardCharsets.UTF_8)
                .replace("@HOST@", "127.0.0.1");
        for (Map.Entry<String, String> entry : replacements.entrySet()) {
            scenario = scenario.replace(entry.getKey(), entry.getValue());
        }
        Path file = work.resolve(name);
        Files.writeString(file, scenario);
        int mediaPort;
        try (var probe = new java.net.DatagramSocket(new java.net.InetSocketAddress("127.0.0.1", 0))) {
            mediaPort = probe.getLocalPort() & ~1;
        }
        return new ProcessBuilder(List.of(
                        "/usr/bin/sipp",
                        target,
                        "-sf",
                        file.toString(),
                        "-i",
                        "127.0.0.1",
                        "-p",
                        "0",
                        "-mi",
                        "127.0.0.1",
                        "-mp",
                        Integer.toString(mediaPort),
                        "-s",
                        number,
                        "-key",
                        "caller",
                        "13912345678",
                        "-m",
                        "1",
                        "-timeout",
                        "120s",
                        "-timeout_error",
                        "-nostdin",
                        "-trace_err"))
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("sipp.out").toFile())
                .start();
    }

    static String output(Path work) throws IOException {
        return Files.readString(work.resolve("sipp.out"), StandardCharsets.ISO_8859_1);
    }
}

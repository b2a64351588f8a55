package cn.hotline.call.session;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A SIPp caller ({@code sipp/uac_live.xml}) straight to call-cloud's SIP edge: PCMA, a 440 Hz tone as its voice for
 * {@code seconds} (with key 1 as RFC 4733 events at 1, 4 and 7 s), then it waits for our BYE and answers it (exit 0).
 * Its output is in {@code <work>/sipp.out}.
 */
final class SippCaller {

    private SippCaller() {}

    static Process call(String edgeHost, int edgePort, String number, Path work, int seconds) throws IOException {
        String scenario = new String(
                        SippCaller.class
                                .getResourceAsStream("/sipp/uac_live.xml")
                                .readAllBytes(),
                        StandardCharsets.UTF_8)
                .replace("@HOST@", edgeHost + ":" + edgePort)
                .replace(
                        "@VOICE@",
                        CallerPcap.write(work.resolve("caller.pcap"), seconds, 440, 1, Set.of(1, 4, 7))
                                .toString());
        Path file = work.resolve("uac_live.xml");
        Files.writeString(file, scenario);
        int mediaPort;
        try (var probe = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            mediaPort = probe.getLocalPort() & ~1;
        }
        return new ProcessBuilder(List.of(
                        "/usr/bin/sipp",
                        edgeHost + ":" + edgePort,
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
                        "13912345679",
                        "-m",
                        "1",
                        "-timeout",
                        "120s",
                        "-timeout_error",
                        "-nostdin"))
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("sipp.out").toFile())
                .start();
    }

    static String output(Path work) throws IOException {
        return Files.readString(work.resolve("sipp.out"), StandardCharsets.ISO_8859_1);
    }
}

package cn.hotline.devstack.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The baresip caller against SIPp answering and echoing the media back: what it sends comes back and is heard. */
class BaresipIT {

    @TempDir
    Path dir;

    @Test
    void aCallToAnEchoingPeerIsEstablishedHearsItsOwnVoiceAndHangsUp() throws Exception {
        int sipPort;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            sipPort = probe.getLocalPort();
        }
        Process peer = new ProcessBuilder(List.of(
                        "/usr/bin/sipp",
                        "-sn",
                        "uas",
                        "-i",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(sipPort),
                        "-mi",
                        "127.0.0.1",
                        "-mp",
                        Integer.toString(sipPort + 2000),
                        "-rtp_echo",
                        "-m",
                        "1",
                        "-nostdin",
                        "-timeout",
                        "60s"))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sipp.out").toFile())
                .start();
        try (Baresip caller = Baresip.start(
                dir.resolve("baresip"),
                "13912345678",
                Baresip.tone(dir.resolve("voice.wav"), 440, Duration.ofSeconds(30)))) {
            assertThat(caller.heard().samples()).isEmpty();
            Thread.sleep(500);
            caller.dial("sip:12345@127.0.0.1:" + sipPort);
            assertThat(caller.awaitEvent("CALL_ESTABLISHED", Duration.ofSeconds(30)))
                    .as(caller.log())
                    .isPresent();
            caller.sendDigits("1");
            Thread.sleep(3_000);
            Baresip.Heard heard = caller.heard();
            assertThat(heard.duration()).isGreaterThan(Duration.ofSeconds(1));
            assertThat(heard.energySince(Duration.ofMillis(500)))
                    .as("the echoed tone (sent at amplitude 8000)")
                    .isGreaterThan(1000);
            assertThat(heard.since(Duration.ofMillis(500)).level(440))
                    .as("its own 440 Hz, not another frequency")
                    .isGreaterThan(2000)
                    .isGreaterThan(20 * heard.since(Duration.ofMillis(500)).level(1000));
            caller.hangUp();
            assertThat(caller.awaitEvent("CALL_CLOSED", Duration.ofSeconds(10))).isPresent();
            assertThat(peer.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(peer.exitValue())
                    .as(Files.readString(dir.resolve("sipp.out")))
                    .isZero();
        } finally {
            peer.destroyForcibly();
        }
    }
}

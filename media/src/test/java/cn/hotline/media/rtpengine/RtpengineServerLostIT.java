package cn.hotline.media.rtpengine;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.media.port.Codec;
import cn.hotline.media.port.FinishedRecording;
import cn.hotline.media.port.MediaEvent;
import cn.hotline.media.port.RecordingLayout;
import cn.hotline.media.port.TrunkLeg;
import cn.hotline.media.testing.RtpPeer;
import cn.hotline.media.testing.Wav;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;

/**
 * A private rtpengine (the shared one must not be stopped) that dies mid-call and comes back: the adapter reports the
 * loss within 10 seconds and the return, and the call's recording is kept and marked partial.
 */
class RtpengineServerLostIT {

    private static final TenantId TENANT = TenantId.of("shushan");

    @TempDir
    Path dir;

    @Test
    void aServerLostMidCallIsReportedWithinTenSecondsAndThePartialRecordingIsKept() throws Exception {
        int ngPort = freeUdpPort();
        int tcpPort = freeTcpPort();
        int firstMediaPort = 61_000 + 2 * ThreadLocalRandom.current().nextInt(1_500);
        Path recordings = Files.createDirectories(dir.resolve("recordings"));
        List<String> command = List.of(
                "/usr/bin/rtpengine",
                "--config-file=none",
                "--foreground",
                "--log-stderr",
                "--table=-1",
                "--interface=127.0.0.1",
                "--listen-ng=127.0.0.1:" + ngPort,
                "--listen-tcp-ng=127.0.0.1:" + tcpPort,
                "--dtmf-log-ng-tcp",
                "--port-min=" + firstMediaPort,
                "--port-max=" + (firstMediaPort + 99),
                "--recording-dir=" + recordings,
                "--recording-method=pcap",
                "--log-level=5");
        Process rtpengine = start(command);
        RtpengineProperties properties = new RtpengineProperties(
                URI.create("udp://127.0.0.1:" + ngPort),
                URI.create("tcp://127.0.0.1:" + tcpPort),
                recordings,
                dir.resolve("spool"),
                Duration.ofMillis(300),
                2,
                Duration.ofSeconds(1));
        List<MediaEvent> events = new CopyOnWriteArrayList<>();
        CallId call = CallId.random();
        try (RtpengineMediaServer media = RtpengineMediaServer.connect(properties, Clock.systemUTC());
                RtpPeer caller = new RtpPeer()) {
            Disposable watching = media.events().subscribe(events::add);
            awaitUp(media);
            TrunkLeg trunk = media.answerTrunk(TENANT, call, caller.offer(), List.of(Codec.PCMA))
                    .block(Duration.ofSeconds(5));
            media.record(call, RecordingLayout.STEREO_CALLER_LEFT_AGENT_RIGHT).block(Duration.ofSeconds(5));
            caller.sendToneTo(trunk.sdp(), 440);
            Thread.sleep(2_000);

            rtpengine.destroy(); // SIGTERM: a restart
            long lostAt = System.nanoTime();
            rtpengine.waitFor();
            while (events.stream().noneMatch(MediaEvent.ServerLost.class::isInstance)
                    && System.nanoTime() - lostAt < Duration.ofSeconds(15).toNanos()) {
                Thread.sleep(50);
            }
            Duration detection = Duration.ofNanos(System.nanoTime() - lostAt);
            rtpengine = start(command);
            long restartedAt = System.nanoTime();
            while (events.stream().noneMatch(MediaEvent.ServerBack.class::isInstance)
                    && System.nanoTime() - restartedAt < Duration.ofSeconds(15).toNanos()) {
                Thread.sleep(50);
            }
            Duration back = Duration.ofNanos(System.nanoTime() - restartedAt);
            FinishedRecording recording = media.release(call).blockLast(Duration.ofSeconds(10));
            watching.dispose();
            System.out.printf(
                    "server lost detected after %d ms, back after %d ms%n", detection.toMillis(), back.toMillis());

            assertThat(events)
                    .filteredOn(MediaEvent.ServerLost.class::isInstance)
                    .hasSize(1);
            assertThat(detection).isLessThan(Duration.ofSeconds(10));
            assertThat(events)
                    .filteredOn(MediaEvent.ServerBack.class::isInstance)
                    .hasSize(1);
            assertThat(recording.partial()).isTrue();
            Wav wav = Wav.read(recording.file());
            assertThat(wav.duration()).isGreaterThan(Duration.ofMillis(1_000));
            assertThat(wav.leftEnergy()).isGreaterThan(1_000);
        } finally {
            rtpengine.destroyForcibly();
            rtpengine.waitFor();
        }
    }

    private static void awaitUp(RtpengineMediaServer media) throws InterruptedException {
        for (int i = 0; i < 50 && !media.isUp(); i++) {
            Thread.sleep(100);
        }
    }

    private Process start(List<String> command) throws IOException, InterruptedException {
        // rtpengine 10.5 sometimes aborts while shutting down on SIGTERM: no core file, and none in the module folder.
        List<String> withoutCore =
                new java.util.ArrayList<>(List.of("/bin/sh", "-c", "ulimit -c 0 && exec \"$@\"", "sh"));
        withoutCore.addAll(command);
        Process process = new ProcessBuilder(withoutCore)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("rtpengine.log").toFile()))
                .start();
        Thread.sleep(700);
        return process;
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

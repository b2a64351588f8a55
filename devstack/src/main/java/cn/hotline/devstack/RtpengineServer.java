package cn.hotline.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Debian's rtpengine in userspace (no kernel module, no iptables), bound to loopback: the ng control protocol on UDP
 * and TCP (DTMF events go to every TCP client), RTP on its own UDP block, recordings as pcap files.
 */
final class RtpengineServer implements Server {

    private final int ngPort;
    private final int ngTcpPort;
    private final Ports.UdpRange media;
    private final Path recordingDir;
    private final Path logFile;
    private final ProcessSlot slot = new ProcessSlot("rtpengine", Duration.ofSeconds(5));

    RtpengineServer(int ngPort, int ngTcpPort, Ports.UdpRange media, Path recordingDir, Path logFile) {
        this.ngPort = ngPort;
        this.ngTcpPort = ngTcpPort;
        this.media = media;
        this.recordingDir = recordingDir;
        this.logFile = logFile;
    }

    @Override
    public String name() {
        return "rtpengine";
    }

    URI ngUrl() {
        return URI.create("udp://" + Ports.LOOPBACK_HOST + ":" + ngPort);
    }

    URI ngTcpUrl() {
        return URI.create("tcp://" + Ports.LOOPBACK_HOST + ":" + ngTcpPort);
    }

    Path recordingDir() {
        return recordingDir;
    }

    List<String> command(Path executable) {
        return List.of(
                executable.toString(),
                "--config-file=none",
                "--foreground",
                "--log-stderr",
                "--table=-1",
                "--interface=" + Ports.LOOPBACK_HOST,
                "--listen-ng=" + Ports.LOOPBACK_HOST + ":" + ngPort,
                "--listen-tcp-ng=" + Ports.LOOPBACK_HOST + ":" + ngTcpPort,
                "--dtmf-log-ng-tcp",
                "--port-min=" + media.first(),
                "--port-max=" + media.last(),
                "--recording-dir=" + recordingDir,
                "--recording-method=pcap",
                "--delete-delay=0",
                "--log-level=6");
    }

    @Override
    public void start() {
        Path rtpengine = Executables.require("rtpengine", "rtpengine-daemon");
        try {
            Files.createDirectories(recordingDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + recordingDir, e);
        }
        List<String> command = command(rtpengine);
        ChildProcess process =
                slot.launch(() -> ChildProcess.start(name(), command, Map.of(), recordingDir.getParent(), logFile));
        Await.healthy("rtpengine", Duration.ofSeconds(20), process, this::pong);
    }

    /** The ng {@code ping} over UDP: {@code d7:command4:pinge} is answered by {@code d6:result4:ponge}. */
    private Optional<String> pong() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(Ports.LOOPBACK, 0))) {
            socket.setSoTimeout(300);
            byte[] request = "devstack d7:command4:pinge".getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(request, request.length, new InetSocketAddress(Ports.LOOPBACK, ngPort)));
            byte[] buffer = new byte[512];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            String text = new String(buffer, 0, reply.getLength(), StandardCharsets.US_ASCII);
            return isPong(text) ? Optional.of(text) : Optional.empty();
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static boolean isPong(String reply) {
        return reply.startsWith("devstack ") && reply.contains("6:result4:pong");
    }

    @Override
    public void stop() {
        slot.stop();
    }

    @Override
    public List<String> addresses() {
        return List.of(
                "udp " + Ports.LOOPBACK_HOST + ":" + ngPort + " (rtpengine ng), tcp " + ngTcpPort + " (ng + DTMF)",
                "udp " + media + " (rtp), recordings " + recordingDir);
    }

    @Override
    public List<Integer> tcpPorts() {
        return List.of(ngTcpPort);
    }

    @Override
    public List<ProcessHandle> processes() {
        return slot.processes();
    }

    @Override
    public Path logFile() {
        return logFile;
    }
}

package cn.hotline.media.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A carrier's call played by SIPp ({@code /usr/bin/sipp}): it sends an INVITE with an SDP offer to a tiny SIP endpoint
 * of the test, plays an RFC 4733 capture from sip-tester to the media address of the answer, and hangs up. The offer's
 * media address is a socket of the test, so what the media server sends to the carrier is counted (until RTP latching
 * turns it to SIPp's own media port once SIPp sends).
 */
public final class Carrier implements AutoCloseable {

    public static final Path SIPP = Path.of("/usr/bin/sipp");
    public static final Path DTMF_1 = Path.of("/usr/share/sip-tester/dtmf_2833_1.pcap");

    private final DatagramSocket sip;
    private final DatagramSocket media;
    private final AtomicLong mediaBytes = new AtomicLong();
    private final AtomicLong mediaPackets = new AtomicLong();
    private final Path dir;
    private volatile boolean closed;
    private Process sipp;

    public Carrier(Path dir) {
        this.dir = dir;
        try {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            sip = new DatagramSocket(new InetSocketAddress(loopback, 0));
            media = new DatagramSocket(new InetSocketAddress(loopback, 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofPlatform().daemon().name("carrier-media").start(this::countMedia);
    }

    /** Starts SIPp; {@code pauseBeforeDigitMs} lets the prompt be counted before SIPp's own RTP starts. */
    public void call(Path pcap, long pauseBeforeDigitMs, long pauseBeforeByeMs) {
        try {
            Path scenario = dir.resolve("carrier.xml");
            Files.writeString(scenario, scenario(pcap, pauseBeforeDigitMs, pauseBeforeByeMs));
            sipp = new ProcessBuilder(
                            SIPP.toString(),
                            "127.0.0.1:" + sip.getLocalPort(),
                            "-sf",
                            scenario.toString(),
                            "-i",
                            "127.0.0.1",
                            "-p",
                            Integer.toString(freeUdpPort()),
                            "-mi",
                            "127.0.0.1",
                            "-m",
                            "1",
                            "-nostdin",
                            "-timeout",
                            "30s",
                            "-timeout_error",
                            "-trace_err",
                            "-error_file",
                            dir.resolve("sipp-errors.log").toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("sipp.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Answers the INVITE with whatever {@code answer} returns for its SDP offer, then answers the BYE (in the
     * background) with 200 OK.
     */
    public void answerInvite(Function<String, String> answer, Duration timeout) {
        Message invite = receive("INVITE", timeout);
        String sdp = answer.apply(invite.body());
        send(invite, "SIP/2.0 200 OK", sdp, invite.from);
        Thread.ofPlatform().daemon().name("carrier-sip").start(() -> {
            while (!closed) {
                try {
                    Message message = receive(null, Duration.ofSeconds(60));
                    if (message.startLine().startsWith("BYE")) {
                        send(message, "SIP/2.0 200 OK", null, message.from);
                        return;
                    }
                } catch (RuntimeException e) {
                    return;
                }
            }
        });
    }

    /** The offer's media address: where the media server sends to the carrier before latching. */
    public int offeredMediaPort() {
        return media.getLocalPort();
    }

    public long mediaBytes() {
        return mediaBytes.get();
    }

    public long mediaPackets() {
        return mediaPackets.get();
    }

    /** Waits for SIPp to end and returns its exit code (0: the call went as scripted). */
    public int awaitEnd(Duration timeout) throws InterruptedException {
        if (!sipp.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            sipp.destroyForcibly();
            return -1;
        }
        return sipp.exitValue();
    }

    public String sippLog() {
        try {
            return Files.readString(dir.resolve("sipp.log"))
                    + (Files.exists(dir.resolve("sipp-errors.log"))
                            ? Files.readString(dir.resolve("sipp-errors.log"))
                            : "");
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freeUdpPort() {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void countMedia() {
        byte[] buffer = new byte[2048];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                media.receive(packet);
                mediaBytes.addAndGet(packet.getLength());
                mediaPackets.incrementAndGet();
            } catch (IOException e) {
                return;
            }
        }
    }

    private record Message(String startLine, List<String> headers, String body, InetSocketAddress from) {}

    private Message receive(String method, Duration timeout) {
        byte[] buffer = new byte[8192];
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                sip.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                sip.receive(packet);
            } catch (SocketTimeoutException e) {
                break;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String text = new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            List<String> lines = List.of(head.split("\r\n"));
            Message message = new Message(lines.getFirst(), lines.subList(1, lines.size()), body, (InetSocketAddress)
                    packet.getSocketAddress());
            if (method == null || message.startLine().startsWith(method)) {
                return message;
            }
        }
        throw new IllegalStateException("no " + (method == null ? "SIP message" : method) + " within " + timeout);
    }

    private void send(Message request, String status, String sdp, InetSocketAddress to) {
        StringBuilder response = new StringBuilder(status).append("\r\n");
        for (String header : request.headers()) {
            String name = header.substring(0, header.indexOf(':')).trim().toLowerCase(java.util.Locale.ROOT);
            switch (name) {
                case "via", "from", "call-id", "cseq" -> response.append(header).append("\r\n");
                case "to" ->
                    response.append(header)
                            .append(header.contains("tag=") ? "" : ";tag=ivr1")
                            .append("\r\n");
                default -> {}
            }
        }
        response.append("Contact: <sip:ivr@127.0.0.1:")
                .append(sip.getLocalPort())
                .append(">\r\n");
        byte[] body = sdp == null ? new byte[0] : sdp.getBytes(StandardCharsets.UTF_8);
        if (sdp != null) {
            response.append("Content-Type: application/sdp\r\n");
        }
        response.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] head = response.toString().getBytes(StandardCharsets.UTF_8);
        byte[] packet = new byte[head.length + body.length];
        System.arraycopy(head, 0, packet, 0, head.length);
        System.arraycopy(body, 0, packet, head.length, body.length);
        try {
            sip.send(new DatagramPacket(packet, packet.length, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String scenario(Path pcap, long pauseBeforeDigitMs, long pauseBeforeByeMs) {
        return """
                <?xml version="1.0" encoding="ISO-8859-1" ?>
                <scenario name="carrier">
                  <send retrans="500">
                    <![CDATA[
                INVITE sip:12345@[remote_ip]:[remote_port] SIP/2.0
                Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                From: <sip:13800000000@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                To: <sip:12345@[remote_ip]:[remote_port]>
                Call-ID: [call_id]
                CSeq: 1 INVITE
                Contact: <sip:13800000000@[local_ip]:[local_port]>
                Max-Forwards: 70
                Content-Type: application/sdp
                Content-Length: [len]

                v=0
                o=carrier 1 1 IN IP4 127.0.0.1
                s=-
                c=IN IP4 127.0.0.1
                t=0 0
                m=audio MEDIA_PORT RTP/AVP 8 0 101
                a=rtpmap:8 PCMA/8000
                a=rtpmap:0 PCMU/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-15
                a=ptime:20
                a=sendrecv

                    ]]>
                  </send>
                  <recv response="100" optional="true"/>
                  <recv response="180" optional="true"/>
                  <recv response="200" rtd="true"/>
                  <send>
                    <![CDATA[
                ACK sip:12345@[remote_ip]:[remote_port] SIP/2.0
                Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                From: <sip:13800000000@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                To: <sip:12345@[remote_ip]:[remote_port]>[peer_tag_param]
                Call-ID: [call_id]
                CSeq: 1 ACK
                Max-Forwards: 70
                Content-Length: 0

                    ]]>
                  </send>
                  <pause milliseconds="PAUSE_DIGIT"/>
                  <nop>
                    <action>
                      <exec play_pcap_audio="PCAP"/>
                    </action>
                  </nop>
                  <pause milliseconds="PAUSE_BYE"/>
                  <send retrans="500">
                    <![CDATA[
                BYE sip:12345@[remote_ip]:[remote_port] SIP/2.0
                Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                From: <sip:13800000000@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                To: <sip:12345@[remote_ip]:[remote_port]>[peer_tag_param]
                Call-ID: [call_id]
                CSeq: 2 BYE
                Max-Forwards: 70
                Content-Length: 0

                    ]]>
                  </send>
                  <recv response="200"/>
                </scenario>
                """
                .replace("MEDIA_PORT", Integer.toString(media.getLocalPort()))
                .replace("PAUSE_DIGIT", Long.toString(pauseBeforeDigitMs))
                .replace("PAUSE_BYE", Long.toString(pauseBeforeByeMs))
                .replace("PCAP", pcap.toString());
    }

    @Override
    public void close() {
        closed = true;
        sip.close();
        media.close();
        if (sipp != null && sipp.isAlive()) {
            sipp.destroyForcibly();
        }
    }
}

package cn.hotline.media.testing;

import cn.hotline.media.recording.G711;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain-RTP party (a carrier's media) on loopback: sends a G.711 A-law tone every 20 ms to where an SDP says, and
 * measures what it receives: packets, bytes, and the audio energy (mean absolute sample) of A-law payloads.
 */
public final class RtpPeer implements AutoCloseable {

    private static final Pattern PORT = Pattern.compile("(?m)^m=audio (\\d+) ");

    private final DatagramSocket socket;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rtp-peer-send");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong loudPackets = new AtomicLong();
    private final AtomicLong sumAbs = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong lastArrivalNanos = new AtomicLong();
    private final AtomicLong digitClock = new AtomicLong(0x10000);
    private final AtomicLong digitSequence = new AtomicLong(0x4000);
    private final short[] recent = new short[8000];
    private int recentNext;
    private volatile boolean closed;
    private volatile boolean silent;

    public RtpPeer() {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofPlatform().daemon().name("rtp-peer-receive").start(this::receive);
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** An SDP offer for this peer: PCMA, PCMU and RFC 4733 events. */
    public String offer() {
        return "v=0\r\no=carrier 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port() + " RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n";
    }

    /** Starts sending a {@code hertz} A-law tone to the media address of {@code answerSdp}. */
    public void sendToneTo(String answerSdp, double hertz) {
        Matcher port = PORT.matcher(answerSdp.replace("\r", ""));
        if (!port.find()) {
            throw new IllegalArgumentException("no audio in " + answerSdp);
        }
        InetSocketAddress target =
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(port.group(1)));
        int ssrc = 0x1234abcd;
        AtomicLong sequence = new AtomicLong();
        sender.scheduleAtFixedRate(
                () -> {
                    long n = sequence.getAndIncrement();
                    ByteBuffer packet = ByteBuffer.allocate(12 + 160);
                    packet.put((byte) 0x80)
                            .put((byte) 8)
                            .putShort((short) n)
                            .putInt((int) (n * 160))
                            .putInt(ssrc);
                    for (int i = 0; i < 160; i++) {
                        double t = (n * 160 + i) / 8000.0;
                        short sample = silent ? 0 : (short) (8000 * Math.sin(2 * Math.PI * hertz * t));
                        packet.put(G711.encodeAlaw(sample));
                    }
                    try {
                        socket.send(new DatagramPacket(packet.array(), packet.capacity(), target));
                    } catch (IOException e) {
                        // closed
                    }
                },
                0,
                20,
                TimeUnit.MILLISECONDS);
    }

    /** Sends one RFC 4733 event (payload type 101: 0-9, 10 '*', 11 '#') of 100 ms, as a phone does. */
    public void sendDigit(String answerSdp, int event) {
        Matcher port = PORT.matcher(answerSdp.replace("\r", ""));
        if (!port.find()) {
            throw new IllegalArgumentException("no audio in " + answerSdp);
        }
        InetSocketAddress target =
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(port.group(1)));
        int timestamp = (int) digitClock.addAndGet(8_000);
        try {
            for (int i = 0; i < 8; i++) {
                boolean end = i >= 5;
                ByteBuffer packet = ByteBuffer.allocate(16);
                packet.put((byte) 0x80)
                        .put((byte) ((i == 0 ? 0x80 : 0) | 101))
                        .putShort((short) digitSequence.incrementAndGet())
                        .putInt(timestamp)
                        .putInt(0x0d0d0d0d)
                        .put((byte) event)
                        .put((byte) ((end ? 0x80 : 0) | 10))
                        .putShort((short) (160 * Math.min(i + 1, 5)));
                socket.send(new DatagramPacket(packet.array(), packet.capacity(), target));
                Thread.sleep(20);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Keeps sending packets, but of silence. */
    public void mute(boolean mute) {
        this.silent = mute;
    }

    public long packets() {
        return packets.get();
    }

    public long bytes() {
        return bytes.get();
    }

    /** Packets whose payload is audible (mean absolute sample above 300). */
    public long loudPackets() {
        return loudPackets.get();
    }

    /** Mean absolute sample over everything received so far. */
    public double energy() {
        long n = samples.get();
        return n == 0 ? 0 : (double) sumAbs.get() / n;
    }

    public long lastArrivalNanos() {
        return lastArrivalNanos.get();
    }

    /** Forgets what was counted (to measure one phase of a call). */
    public void reset() {
        packets.set(0);
        bytes.set(0);
        loudPackets.set(0);
        sumAbs.set(0);
        samples.set(0);
    }

    private void receive() {
        byte[] buffer = new byte[2048];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                return;
            }
            lastArrivalNanos.set(System.nanoTime());
            packets.incrementAndGet();
            bytes.addAndGet(packet.getLength());
            int payloadType = buffer[1] & 0x7f;
            if (packet.getLength() > 12 && (payloadType == 8 || payloadType == 0)) {
                long abs = 0;
                int count = packet.getLength() - 12;
                for (int i = 12; i < packet.getLength(); i++) {
                    short sample = payloadType == 8 ? G711.decodeAlaw(buffer[i]) : G711.decodeUlaw(buffer[i]);
                    abs += Math.abs(sample);
                    remember(sample);
                }
                sumAbs.addAndGet(abs);
                samples.addAndGet(count);
                if (abs / count > 300) {
                    loudPackets.incrementAndGet();
                }
            }
        }
    }

    private synchronized void remember(short sample) {
        recent[recentNext] = sample;
        recentNext = (recentNext + 1) % recent.length;
    }

    /**
     * The amplitude of a {@code hertz} tone in the last second received (Goertzel): which party's tone reaches this
     * peer. A full-scale-ish tone of the tests gives thousands; a tone that is not there, tens.
     */
    public synchronized double toneLevel(double hertz) {
        double coefficient = 2 * Math.cos(2 * Math.PI * hertz / 8000);
        double previous = 0;
        double beforePrevious = 0;
        for (int i = 0; i < recent.length; i++) {
            double value = recent[(recentNext + i) % recent.length] + coefficient * previous - beforePrevious;
            beforePrevious = previous;
            previous = value;
        }
        double power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
        return Math.sqrt(Math.max(0, power)) / recent.length;
    }

    @Override
    public void close() {
        closed = true;
        sender.shutdownNow();
        socket.close();
    }
}

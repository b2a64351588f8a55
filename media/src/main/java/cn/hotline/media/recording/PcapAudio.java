package cn.hotline.media.recording;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a pcap of a call's RTP (rtpengine's {@code --recording-method=pcap}: raw IP, one packet per RTP packet as it
 * arrived) into a stereo 8 kHz 16-bit WAV: packets sent to the caller's media port on the left, everything else (the
 * agent) on the right. G.711 A-law and µ-law are decoded; other payloads (RFC 4733 events, comfort noise) are skipped.
 * Each RTP stream (SSRC) is placed on the timeline by its first arrival and then by its RTP timestamps, so gaps become
 * silence and both channels stay aligned.
 */
public final class PcapAudio {

    private static final int RATE = 8000;
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int LINKTYPE_RAW = 101;
    private static final int LINKTYPE_RAW_OLD = 12;

    private PcapAudio() {}

    /** What a conversion produced. {@code leftEnergy} and {@code rightEnergy} are mean absolute samples. */
    public record Conversion(Duration duration, long packets, double leftEnergy, double rightEnergy) {}

    public static Conversion toStereoWav(Path pcap, int callerPort, Path wav) throws IOException {
        return toStereoWav(pcap, callerPort, Set.of(), wav);
    }

    /**
     * Like {@link #toStereoWav(Path, int, Path)}, leaving out packets sent to {@code ignoredPorts}: the media server's
     * ports that receive a mixer's output (whisper, barge, three-way), which would otherwise put a mix of everyone on
     * the agent's channel.
     */
    public static Conversion toStereoWav(Path pcap, int callerPort, Set<Integer> ignoredPorts, Path wav)
            throws IOException {
        byte[] bytes = Files.readAllBytes(pcap);
        List<Packet> packets = read(bytes, callerPort, ignoredPorts);
        Map<Long, Stream> streams = new LinkedHashMap<>();
        long firstArrival = packets.isEmpty() ? 0 : packets.getFirst().arrivalMicros();
        for (Packet packet : packets) {
            if (packet.payloadType() != 8 && packet.payloadType() != 0) {
                continue;
            }
            long key = ((long) packet.ssrc() << 1) | (packet.toCaller() ? 0 : 1);
            streams.computeIfAbsent(
                            key,
                            k -> new Stream(
                                    packet.toCaller(),
                                    packet.rtpTimestamp(),
                                    (packet.arrivalMicros() - firstArrival) * RATE / 1_000_000))
                    .packets
                    .add(packet);
        }
        long totalSamples = 0;
        for (Stream stream : streams.values()) {
            for (Packet packet : stream.packets) {
                totalSamples = Math.max(totalSamples, stream.position(packet) + packet.payloadLength());
            }
        }
        if (totalSamples > RATE * 60L * 60 * 12) {
            throw new IOException("implausible recording length in " + pcap);
        }
        short[] left = new short[(int) totalSamples];
        short[] right = new short[(int) totalSamples];
        double[] energy = new double[2];
        long[] counted = new long[2];
        for (Stream stream : streams.values()) {
            short[] channel = stream.caller ? left : right;
            int side = stream.caller ? 0 : 1;
            for (Packet packet : stream.packets) {
                long position = stream.position(packet);
                if (position < 0) {
                    continue;
                }
                for (int i = 0; i < packet.payloadLength(); i++) {
                    byte encoded = bytes[packet.payloadOffset() + i];
                    short sample = packet.payloadType() == 8 ? G711.decodeAlaw(encoded) : G711.decodeUlaw(encoded);
                    channel[(int) position + i] = sample;
                    energy[side] += Math.abs(sample);
                    counted[side]++;
                }
            }
        }
        writeWav(wav, left, right);
        return new Conversion(
                Duration.ofMillis(totalSamples * 1000 / RATE),
                packets.size(),
                counted[0] == 0 ? 0 : energy[0] / counted[0],
                counted[1] == 0 ? 0 : energy[1] / counted[1]);
    }

    private static final class Stream {
        final boolean caller;
        final long firstTimestamp;
        final long startSample;
        final List<Packet> packets = new ArrayList<>();

        Stream(boolean caller, long firstTimestamp, long startSample) {
            this.caller = caller;
            this.firstTimestamp = firstTimestamp;
            this.startSample = startSample;
        }

        long position(Packet packet) {
            long delta = (packet.rtpTimestamp() - firstTimestamp) & 0xffffffffL;
            if (delta > 0x7fffffffL) {
                return -1; // a packet from before the stream's first one (reordered)
            }
            return startSample + delta;
        }
    }

    private record Packet(
            long arrivalMicros,
            boolean toCaller,
            int payloadType,
            long rtpTimestamp,
            int ssrc,
            int payloadOffset,
            int payloadLength) {}

    private static List<Packet> read(byte[] bytes, int callerPort, Set<Integer> ignoredPorts) throws IOException {
        if (bytes.length < 24) {
            throw new IOException("not a pcap file: " + bytes.length + " bytes");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes, 0, 24).order(ByteOrder.LITTLE_ENDIAN);
        int magic = header.getInt(0);
        ByteOrder order;
        if (magic == 0xa1b2c3d4) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (Integer.reverseBytes(magic) == 0xa1b2c3d4) {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new IOException("not a microsecond pcap file");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(order);
        int linkType = in.getInt(20);
        int linkHeader =
                switch (linkType) {
                    case LINKTYPE_ETHERNET -> 14;
                    case LINKTYPE_RAW, LINKTYPE_RAW_OLD -> 0;
                    default -> throw new IOException("pcap link type " + linkType + " is not raw IP or Ethernet");
                };
        List<Packet> packets = new ArrayList<>();
        int offset = 24;
        while (offset + 16 <= bytes.length) {
            long seconds = Integer.toUnsignedLong(in.getInt(offset));
            long micros = Integer.toUnsignedLong(in.getInt(offset + 4));
            int captured = in.getInt(offset + 8);
            int data = offset + 16;
            offset = data + captured;
            if (captured < 0 || offset > bytes.length) {
                break; // the last packet was cut off (a recording that ended abnormally)
            }
            int ip = data + linkHeader;
            if ((bytes[ip] >> 4 & 0xf) != 4) {
                continue;
            }
            int ipHeader = (bytes[ip] & 0xf) * 4;
            if (bytes[ip + 9] != 17) {
                continue;
            }
            int udp = ip + ipHeader;
            int destinationPort = ((bytes[udp + 2] & 0xff) << 8) | (bytes[udp + 3] & 0xff);
            if (ignoredPorts.contains(destinationPort)) {
                continue;
            }
            int rtp = udp + 8;
            int end = data + captured;
            if (end - rtp < 12 || (bytes[rtp] & 0xc0) != 0x80) {
                continue;
            }
            int csrcs = bytes[rtp] & 0x0f;
            int payload = rtp + 12 + 4 * csrcs;
            if ((bytes[rtp] & 0x10) != 0 && payload + 4 <= end) {
                int extensionWords = ((bytes[payload + 2] & 0xff) << 8) | (bytes[payload + 3] & 0xff);
                payload += 4 + 4 * extensionWords;
            }
            int length = end - payload;
            if ((bytes[rtp] & 0x20) != 0 && length > 0) {
                length -= bytes[end - 1] & 0xff;
            }
            if (length <= 0) {
                continue;
            }
            ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
            packets.add(new Packet(
                    seconds * 1_000_000 + micros,
                    destinationPort == callerPort,
                    bytes[rtp + 1] & 0x7f,
                    Integer.toUnsignedLong(view.getInt(rtp + 4)),
                    view.getInt(rtp + 8),
                    payload,
                    length));
        }
        return packets;
    }

    private static void writeWav(Path wav, short[] left, short[] right) throws IOException {
        int dataBytes = left.length * 4;
        ByteBuffer out = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {'R', 'I', 'F', 'F'})
                .putInt(36 + dataBytes)
                .put(new byte[] {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '})
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 2)
                .putInt(RATE)
                .putInt(RATE * 4)
                .putShort((short) 4)
                .putShort((short) 16)
                .put(new byte[] {'d', 'a', 't', 'a'})
                .putInt(dataBytes);
        for (int i = 0; i < left.length; i++) {
            out.putShort(left[i]).putShort(right[i]);
        }
        Files.createDirectories(wav.toAbsolutePath().getParent());
        try (OutputStream file = Files.newOutputStream(wav)) {
            file.write(out.array());
        }
    }
}

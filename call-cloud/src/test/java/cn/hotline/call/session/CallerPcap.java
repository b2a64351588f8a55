package cn.hotline.call.session;

import cn.hotline.media.recording.G711;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * A caller's side of the media as a capture SIPp replays ({@code play_pcap_audio}): a tone in PCMA (payload type 8)
 * with the key {@code digit} pressed as RFC 4733 events (payload type 101) at the given seconds, one stream with
 * continuous sequence numbers and timestamps. (Replaying sip-tester's short captures in a loop repeats their sequence
 * numbers, which rtpengine takes for duplicates: the caller falls silent after the first round.)
 */
final class CallerPcap {

    private CallerPcap() {}

    static Path write(Path file, double seconds, double hertz, int digit, Set<Integer> digitAtSeconds) {
        int packets = (int) (seconds * 50);
        ByteBuffer out = ByteBuffer.allocate(24 + packets * (16 + 14 + 20 + 8 + 12 + 160));
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0xa1b2c3d4)
                .putShort((short) 2)
                .putShort((short) 4)
                .putInt(0)
                .putInt(0)
                .putInt(65535)
                .putInt(1);
        int ssrc = 0x5a5a1234;
        int sequence = 1000;
        long timestamp = 160_000;
        double phase = 0;
        for (int i = 0; i < packets; i++) {
            int second = i / 50;
            int inSecond = i % 50;
            boolean dtmf = digitAtSeconds.contains(second) && inSecond < 8;
            byte[] rtp;
            if (dtmf) {
                // one event of 8 packets: the same timestamp, growing duration, the last three marked end
                long eventStart = timestamp - (long) inSecond * 160;
                int duration = (inSecond + 1) * 160;
                ByteBuffer event = ByteBuffer.allocate(12 + 4).order(ByteOrder.BIG_ENDIAN);
                event.put((byte) 0x80)
                        .put((byte) ((inSecond == 0 ? 0x80 : 0) | 101))
                        .putShort((short) sequence)
                        .putInt((int) eventStart)
                        .putInt(ssrc);
                event.put((byte) digit)
                        .put((byte) (inSecond >= 5 ? 0x80 | 10 : 10))
                        .putShort((short) duration);
                rtp = event.array();
            } else {
                ByteBuffer voice = ByteBuffer.allocate(12 + 160).order(ByteOrder.BIG_ENDIAN);
                voice.put((byte) 0x80)
                        .put((byte) 8)
                        .putShort((short) sequence)
                        .putInt((int) timestamp)
                        .putInt(ssrc);
                for (int s = 0; s < 160; s++) {
                    voice.put(G711.encodeAlaw((short) (8000 * Math.sin(phase))));
                    phase += 2 * Math.PI * hertz / 8000;
                }
                rtp = voice.array();
            }
            sequence++;
            timestamp += 160;
            long micros = i * 20_000L;
            int length = 14 + 20 + 8 + rtp.length;
            out.putInt((int) (micros / 1_000_000))
                    .putInt((int) (micros % 1_000_000))
                    .putInt(length)
                    .putInt(length);
            ByteBuffer frame = ByteBuffer.allocate(length).order(ByteOrder.BIG_ENDIAN);
            frame.put(new byte[12]).putShort((short) 0x0800);
            frame.put((byte) 0x45)
                    .put((byte) 0)
                    .putShort((short) (20 + 8 + rtp.length))
                    .putShort((short) i)
                    .putShort((short) 0)
                    .put((byte) 64)
                    .put((byte) 17)
                    .putShort((short) 0)
                    .put(new byte[] {127, 0, 0, 1})
                    .put(new byte[] {127, 0, 0, 1});
            frame.putShort((short) 40000)
                    .putShort((short) 40002)
                    .putShort((short) (8 + rtp.length))
                    .putShort((short) 0);
            frame.put(rtp);
            out.put(frame.array());
        }
        try {
            Files.write(file, java.util.Arrays.copyOf(out.array(), out.position()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}

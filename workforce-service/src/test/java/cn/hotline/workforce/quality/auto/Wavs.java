package cn.hotline.workforce.quality.auto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;

/**
 * Builds stereo recordings with known speech: 8 kHz 16-bit PCM WAV as media's archive writes it, caller left, agent
 * right. "Speech" is a 300 Hz + 1100 Hz tone pair at about −14 dBFS RMS; everything else is line noise at about
 * −66 dBFS.
 */
public final class Wavs {

    public static final int RATE = 8000;

    private Wavs() {}

    /** A stretch of speech, in milliseconds from the start. */
    public record Talk(long fromMs, long toMs) {}

    public static byte[] stereo(long durationMs, List<Talk> caller, List<Talk> agent) {
        int samples = (int) (durationMs * RATE / 1000);
        ByteBuffer data = ByteBuffer.allocate(samples * 4).order(ByteOrder.LITTLE_ENDIAN);
        Random noise = new Random(42);
        for (int i = 0; i < samples; i++) {
            long ms = i * 1000L / RATE;
            data.putShort(sample(i, ms, caller, noise));
            data.putShort(sample(i, ms, agent, noise));
        }
        ByteBuffer wav = ByteBuffer.allocate(44 + samples * 4).order(ByteOrder.LITTLE_ENDIAN);
        wav.putInt(0x46464952).putInt(36 + samples * 4).putInt(0x45564157);
        wav.putInt(0x20746d66)
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 2)
                .putInt(RATE)
                .putInt(RATE * 4);
        wav.putShort((short) 4).putShort((short) 16);
        wav.putInt(0x61746164).putInt(samples * 4).put(data.array());
        return wav.array();
    }

    private static short sample(int i, long ms, List<Talk> talk, Random noise) {
        boolean speaking = talk.stream().anyMatch(t -> ms >= t.fromMs() && ms < t.toMs());
        double t = (double) i / RATE;
        double value = speaking
                ? 0.15 * Math.sin(2 * Math.PI * 300 * t) + 0.15 * Math.sin(2 * Math.PI * 1100 * t)
                : 0.0005 * noise.nextGaussian();
        return (short) Math.round(value * 32767);
    }
}

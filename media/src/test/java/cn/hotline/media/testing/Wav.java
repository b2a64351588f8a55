package cn.hotline.media.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Reads back a 16-bit PCM WAV: format, duration and the energy (mean absolute sample) of each channel. */
public record Wav(int channels, int sampleRate, Duration duration, double leftEnergy, double rightEnergy) {

    public static Wav read(Path file) throws IOException {
        return read(Files.readAllBytes(file));
    }

    public static Wav read(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (in.getInt(0) != 0x46464952 || in.getInt(8) != 0x45564157) {
            throw new IllegalArgumentException("not a WAV file");
        }
        int channels = in.getShort(22);
        int rate = in.getInt(24);
        int bits = in.getShort(34);
        if (bits != 16) {
            throw new IllegalArgumentException("not 16-bit PCM");
        }
        int dataBytes = in.getInt(40);
        int frames = dataBytes / (2 * channels);
        double left = 0;
        double right = 0;
        for (int frame = 0; frame < frames; frame++) {
            int offset = 44 + frame * 2 * channels;
            left += Math.abs(in.getShort(offset));
            if (channels > 1) {
                right += Math.abs(in.getShort(offset + 2));
            }
        }
        return new Wav(
                channels,
                rate,
                Duration.ofMillis(frames * 1000L / rate),
                frames == 0 ? 0 : left / frames,
                frames == 0 ? 0 : right / frames);
    }
}

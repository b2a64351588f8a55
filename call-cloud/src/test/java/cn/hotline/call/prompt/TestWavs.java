package cn.hotline.call.prompt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** 16-bit PCM WAV files of a sine tone, written by hand, for upload tests. */
public final class TestWavs {

    private TestWavs() {}

    public static byte[] tone(int sampleRate, int channels, double seconds) {
        int frames = (int) (sampleRate * seconds);
        int dataBytes = frames * channels * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels);
        b.putInt(sampleRate)
                .putInt(sampleRate * channels * 2)
                .putShort((short) (channels * 2))
                .putShort((short) 16);
        b.put("data".getBytes()).putInt(dataBytes);
        for (int i = 0; i < frames; i++) {
            short sample = (short) (Math.sin(2 * Math.PI * 440 * i / sampleRate) * 8000);
            for (int c = 0; c < channels; c++) {
                b.putShort(sample);
            }
        }
        return b.array();
    }
}

package cn.hotline.call.prompt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

/** Reads just enough of a RIFF/WAVE header to tell a WAV file and its length. */
record Wav(int format, int channels, int sampleRate, int bitsPerSample, int byteRate, long dataBytes) {

    /** Whether the bytes start like a WAV file (RIFF … WAVE). */
    static boolean looksLikeWav(byte[] bytes) {
        return bytes.length >= 12
                && bytes[0] == 'R'
                && bytes[1] == 'I'
                && bytes[2] == 'F'
                && bytes[3] == 'F'
                && bytes[8] == 'W'
                && bytes[9] == 'A'
                && bytes[10] == 'V'
                && bytes[11] == 'E';
    }

    static Wav read(byte[] bytes) {
        if (!looksLikeWav(bytes)) {
            throw new IllegalArgumentException("not a WAV file");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int position = 12;
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int byteRate = 0;
        while (position + 8 <= bytes.length) {
            String id = new String(bytes, position, 4, java.nio.charset.StandardCharsets.US_ASCII);
            long size = Integer.toUnsignedLong(buffer.getInt(position + 4));
            int body = position + 8;
            if (id.equals("fmt ") && body + 16 <= bytes.length) {
                format = Short.toUnsignedInt(buffer.getShort(body));
                channels = Short.toUnsignedInt(buffer.getShort(body + 2));
                rate = buffer.getInt(body + 4);
                byteRate = buffer.getInt(body + 8);
                bits = Short.toUnsignedInt(buffer.getShort(body + 14));
            } else if (id.equals("data")) {
                long available = Math.min(size, bytes.length - (long) body);
                if (format < 0 || byteRate <= 0) {
                    throw new IllegalArgumentException("WAV data before its format");
                }
                return new Wav(format, channels, rate, bits, byteRate, available);
            }
            position = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        throw new IllegalArgumentException("WAV file without data");
    }

    Duration duration() {
        return Duration.ofMillis(dataBytes * 1000 / byteRate);
    }
}

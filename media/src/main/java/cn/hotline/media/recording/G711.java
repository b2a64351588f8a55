package cn.hotline.media.recording;

/** ITU-T G.711 A-law and µ-law to and from 16-bit linear PCM. */
public final class G711 {

    private static final short[] ALAW = new short[256];
    private static final short[] ULAW = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            ALAW[i] = alawToLinear((byte) i);
            ULAW[i] = ulawToLinear((byte) i);
        }
    }

    private G711() {}

    public static short decodeAlaw(byte value) {
        return ALAW[value & 0xff];
    }

    public static short decodeUlaw(byte value) {
        return ULAW[value & 0xff];
    }

    private static short alawToLinear(byte encoded) {
        int a = (encoded ^ 0x55) & 0xff;
        int sign = a & 0x80;
        int exponent = (a & 0x70) >> 4;
        int mantissa = a & 0x0f;
        int sample = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (short) (sign != 0 ? sample : -sample);
    }

    private static short ulawToLinear(byte encoded) {
        int u = ~encoded & 0xff;
        int sign = u & 0x80;
        int exponent = (u >> 4) & 0x07;
        int mantissa = u & 0x0f;
        int sample = (((mantissa << 3) + 0x84) << exponent) - 0x84;
        return (short) (sign != 0 ? -sample : sample);
    }

    private static final int[] SEGMENT_END = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};

    public static byte encodeAlaw(short pcm) {
        int value = pcm >> 3;
        int mask;
        if (value >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            value = -value - 1;
        }
        int segment = 0;
        while (segment < 8 && value > SEGMENT_END[segment]) {
            segment++;
        }
        if (segment >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int encoded = segment << 4;
        encoded |= segment < 2 ? (value >> 1) & 0x0F : (value >> segment) & 0x0F;
        return (byte) (encoded ^ mask);
    }

    public static byte encodeUlaw(short pcm) {
        int sample = pcm;
        int sign = (sample >> 8) & 0x80;
        if (sign != 0) {
            sample = -sample;
        }
        if (sample > 32635) {
            sample = 32635;
        }
        sample += 0x84;
        int exponent = 7;
        for (int bit = 0x4000; (sample & bit) == 0 && exponent > 0; bit >>= 1) {
            exponent--;
        }
        int mantissa = (sample >> (exponent + 3)) & 0x0f;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }
}

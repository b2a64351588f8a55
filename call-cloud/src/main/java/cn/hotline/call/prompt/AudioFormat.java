package cn.hotline.call.prompt;

/** How the library stores prompts: 8 kHz mono WAV, A-law or μ-law (G.711, what the trunk speaks) or 16-bit PCM. */
public enum AudioFormat {
    ALAW("a-law", 8),
    ULAW("u-law", 8),
    PCM16("signed-integer", 16);

    private final String soxEncoding;
    private final int bits;

    AudioFormat(String soxEncoding, int bits) {
        this.soxEncoding = soxEncoding;
        this.bits = bits;
    }

    String soxEncoding() {
        return soxEncoding;
    }

    int bits() {
        return bits;
    }
}

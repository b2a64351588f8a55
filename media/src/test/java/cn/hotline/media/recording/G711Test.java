package cn.hotline.media.recording;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class G711Test {

    @Test
    void aLawRoundTripsWithinItsQuantisationStep() {
        for (int sample = -32768; sample <= 32767; sample += 7) {
            short decoded = G711.decodeAlaw(G711.encodeAlaw((short) sample));
            assertThat(Math.abs(decoded - sample))
                    .as("sample %d", sample)
                    .isLessThanOrEqualTo(Math.max(16, Math.abs(sample) / 16));
        }
    }

    @Test
    void uLawRoundTripsWithinItsQuantisationStep() {
        for (int sample = -32000; sample <= 32000; sample += 7) {
            short decoded = G711.decodeUlaw(G711.encodeUlaw((short) sample));
            assertThat(Math.abs(decoded - sample))
                    .as("sample %d", sample)
                    .isLessThanOrEqualTo(Math.max(8, Math.abs(sample) / 16));
        }
    }

    @Test
    void silenceIsTheWellKnownCodes() {
        assertThat(G711.encodeAlaw((short) 0)).isEqualTo((byte) 0xD5);
        assertThat(G711.encodeUlaw((short) 0)).isEqualTo((byte) 0xFF);
        assertThat(G711.decodeAlaw((byte) 0xD5)).isEqualTo((short) 8);
    }
}

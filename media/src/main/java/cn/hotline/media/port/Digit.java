package cn.hotline.media.port;

import java.time.Instant;

/** One DTMF key press: {@code 0-9}, {@code *}, {@code #}, {@code A-D}. */
public record Digit(LegId leg, char key, Instant at) {

    public Digit {
        if (leg == null || at == null || "0123456789*#ABCD".indexOf(key) < 0) {
            throw new IllegalArgumentException("not a DTMF digit: " + key);
        }
    }
}

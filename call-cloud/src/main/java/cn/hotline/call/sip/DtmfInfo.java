package cn.hotline.call.sip;

import java.util.Locale;
import java.util.Optional;

/**
 * Reads the key of a SIP INFO key press: {@code application/dtmf-relay} ({@code Signal=5\r\nDuration=160}) or
 * {@code application/dtmf} (the key alone). Events 10 and 11 are {@code *} and {@code #} as in RFC 4733, so both
 * DTMF modes give the same digit stream.
 */
final class DtmfInfo {

    private DtmfInfo() {}

    static Optional<Character> key(String contentSubType, String body) {
        String subtype = contentSubType.toLowerCase(Locale.ROOT);
        String signal;
        if ("dtmf-relay".equals(subtype)) {
            signal = body.lines()
                    .map(String::strip)
                    .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("signal"))
                    .map(line -> line.substring(line.indexOf('=') + 1).strip())
                    .findFirst()
                    .orElse("");
        } else if ("dtmf".equals(subtype)) {
            signal = body.strip();
        } else {
            return Optional.empty();
        }
        return switch (signal.toUpperCase(Locale.ROOT)) {
            case "10" -> Optional.of('*');
            case "11" -> Optional.of('#');
            case "12", "13", "14", "15" -> Optional.of((char) ('A' + Integer.parseInt(signal) - 12));
            default ->
                signal.length() == 1
                                && "0123456789*#ABCD"
                                                .indexOf(signal.toUpperCase(Locale.ROOT)
                                                        .charAt(0))
                                        >= 0
                        ? Optional.of(signal.toUpperCase(Locale.ROOT).charAt(0))
                        : Optional.empty();
        };
    }
}

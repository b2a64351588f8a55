package cn.hotline.workforce.sms;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a text into SMPP short messages in UCS-2 (the only alphabet that carries Chinese): up to 70 characters fit
 * one message; a longer text goes in segments of at most 67 characters, each led by a concatenation UDH
 * ({@code 05 00 03 ref total seq}, GSM 03.40) and sent with the UDHI bit set. A surrogate pair is never cut.
 */
public final class SmsSegments {

    public static final int SINGLE = 70;
    public static final int PER_SEGMENT = 67;

    private SmsSegments() {}

    /** The short messages' payloads; {@code reference} ties the segments of one text together. */
    public static List<byte[]> ucs2(String text, int reference) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("an SMS needs text");
        }
        if (text.length() <= SINGLE) {
            return List.of(text.getBytes(StandardCharsets.UTF_16BE));
        }
        List<String> parts = chunks(text);
        if (parts.size() > 255) {
            throw new IllegalArgumentException("text too long for one concatenated SMS");
        }
        List<byte[]> segments = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            byte[] body = parts.get(i).getBytes(StandardCharsets.UTF_16BE);
            byte[] segment = new byte[6 + body.length];
            segment[0] = 0x05;
            segment[1] = 0x00;
            segment[2] = 0x03;
            segment[3] = (byte) reference;
            segment[4] = (byte) parts.size();
            segment[5] = (byte) (i + 1);
            System.arraycopy(body, 0, segment, 6, body.length);
            segments.add(segment);
        }
        return segments;
    }

    /** How many messages the text costs. */
    public static int count(String text) {
        return text.length() <= SINGLE ? 1 : chunks(text).size();
    }

    private static List<String> chunks(String text) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(start + PER_SEGMENT, text.length());
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            parts.add(text.substring(start, end));
            start = end;
        }
        return parts;
    }
}

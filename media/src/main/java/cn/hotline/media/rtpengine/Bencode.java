package cn.hotline.media.rtpengine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Bencode as the ng protocol uses it: dictionaries (keys kept in arrival order, rtpengine does not sort them), lists,
 * integers and byte strings, which are read as UTF-8 text.
 */
final class Bencode {

    private Bencode() {}

    static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, value);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object value) {
        switch (value) {
            case String text -> {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                out.writeBytes((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(bytes);
            }
            case Integer number -> out.writeBytes(("i" + number + "e").getBytes(StandardCharsets.US_ASCII));
            case Long number -> out.writeBytes(("i" + number + "e").getBytes(StandardCharsets.US_ASCII));
            case List<?> list -> {
                out.write('l');
                list.forEach(item -> write(out, item));
                out.write('e');
            }
            case Map<?, ?> map -> {
                out.write('d');
                map.forEach((key, item) -> {
                    write(out, (String) key);
                    write(out, item);
                });
                out.write('e');
            }
            default -> throw new IllegalArgumentException("cannot bencode " + value.getClass());
        }
    }

    /** Decodes one complete value; throws on trailing or missing bytes. */
    static Object decode(byte[] bytes) {
        Cursor cursor = new Cursor(bytes, 0, bytes.length);
        Object value = cursor.value();
        if (value == null || cursor.position != bytes.length) {
            throw new IllegalArgumentException("not one bencoded value");
        }
        return value;
    }

    /**
     * Decodes one value at {@code offset}, or returns null when the bytes up to {@code limit} end before it does (a
     * stream that has not delivered the rest yet).
     */
    static @Nullable Decoded decodePrefix(byte[] bytes, int offset, int limit) {
        Cursor cursor = new Cursor(bytes, offset, limit);
        Object value = cursor.value();
        return value == null ? null : new Decoded(value, cursor.position);
    }

    record Decoded(Object value, int end) {}

    private static final class Cursor {
        private final byte[] bytes;
        private final int limit;
        private int position;

        Cursor(byte[] bytes, int offset, int limit) {
            this.bytes = bytes;
            this.position = offset;
            this.limit = limit;
        }

        @Nullable
        Object value() {
            if (position >= limit) {
                return null;
            }
            byte first = bytes[position];
            if (first == 'i') {
                int end = indexOf('e', position + 1);
                if (end < 0) {
                    return null;
                }
                long number = Long.parseLong(ascii(position + 1, end));
                position = end + 1;
                return number;
            }
            if (first == 'l') {
                position++;
                List<Object> list = new ArrayList<>();
                while (true) {
                    if (position >= limit) {
                        return null;
                    }
                    if (bytes[position] == 'e') {
                        position++;
                        return list;
                    }
                    Object item = value();
                    if (item == null) {
                        return null;
                    }
                    list.add(item);
                }
            }
            if (first == 'd') {
                position++;
                Map<String, Object> map = new LinkedHashMap<>();
                while (true) {
                    if (position >= limit) {
                        return null;
                    }
                    if (bytes[position] == 'e') {
                        position++;
                        return map;
                    }
                    Object key = value();
                    if (key == null) {
                        return null;
                    }
                    if (!(key instanceof String text)) {
                        throw new IllegalArgumentException("dictionary key is not a string");
                    }
                    Object item = value();
                    if (item == null) {
                        return null;
                    }
                    map.put(text, item);
                }
            }
            if (first >= '0' && first <= '9') {
                int colon = indexOf(':', position);
                if (colon < 0) {
                    return null;
                }
                int length = Integer.parseInt(ascii(position, colon));
                if (colon + 1 + length > limit) {
                    return null;
                }
                String text = new String(bytes, colon + 1, length, StandardCharsets.UTF_8);
                position = colon + 1 + length;
                return text;
            }
            throw new IllegalArgumentException("not bencode at byte " + position + ": " + (char) first);
        }

        private int indexOf(char wanted, int from) {
            for (int i = from; i < limit; i++) {
                if (bytes[i] == wanted) {
                    return i;
                }
            }
            return -1;
        }

        private String ascii(int from, int to) {
            return new String(bytes, from, to - from, StandardCharsets.US_ASCII);
        }
    }
}

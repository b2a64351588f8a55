package cn.hotline.call.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;

/**
 * A multipart/form-data body with a fixed boundary, written by hand: Spring's writer draws a boundary from
 * SecureRandom, which reads /dev/urandom on the event loop (BlockHound refuses it).
 */
public final class Multipart {

    private static final String BOUNDARY = "cc-test-boundary-7f3a9d";

    public static final MediaType CONTENT_TYPE = MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY);

    private Multipart() {}

    /** A form with a text field {@code name} and a file part {@code file}. */
    public static byte[] promptForm(String name, byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(
                out,
                "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"name\"\r\n"
                        + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + name + "\r\n");
        write(
                out,
                "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                        + ".wav\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        out.writeBytes(file);
        write(out, "\r\n--" + BOUNDARY + "--\r\n");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}

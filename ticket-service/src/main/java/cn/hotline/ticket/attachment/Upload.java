package cn.hotline.ticket.attachment;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One file to attach, read completely (within the platform's ceiling).
 *
 * @param name the file name shown to people (path parts removed)
 * @param contentType the declared type, lower case, without parameters
 * @param bytes the content
 */
public record Upload(String name, String contentType, byte[] bytes) {

    public Upload {
        name = cleanName(name);
        contentType = cleanType(contentType);
        if (bytes == null) {
            bytes = new byte[0];
        }
    }

    public long size() {
        return bytes.length;
    }

    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String cleanName(@Nullable String raw) {
        String name = raw == null ? "" : raw.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).strip();
        name = name.replaceAll("\\p{Cntrl}", "");
        if (name.isEmpty()) {
            throw new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "The file needs a name.", Map.of("field", "file", "reason", "NAME"));
        }
        if (name.length() > 128) {
            throw new ProblemException(
                    ProblemCode.VALIDATION_FAILED,
                    "The file name is longer than 128 characters.",
                    Map.of("field", "file", "reason", "NAME"));
        }
        return name;
    }

    private static String cleanType(@Nullable String raw) {
        String type = raw == null ? "" : raw;
        int semicolon = type.indexOf(';');
        type = (semicolon >= 0 ? type.substring(0, semicolon) : type).strip().toLowerCase(Locale.ROOT);
        return type.isEmpty() ? "application/octet-stream" : type;
    }
}

package cn.hotline.ticket.attachment;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's limits for attachments: the largest file and the content types it accepts. {@link #check} refuses an
 * upload with a stable code: empty → 400 {@code VALIDATION_FAILED} ({@code reason: EMPTY}), too big → 413
 * {@code PAYLOAD_TOO_LARGE}, a type not accepted or bytes that are not what the type says → 415
 * {@code UNSUPPORTED_MEDIA_TYPE}.
 */
public record AttachmentPolicy(long maxBytes, List<String> contentTypes) {

    /** Photos, documents and recordings a 12345 / 医保 ticket typically carries. */
    public static final List<String> STANDARD_TYPES = List.of(
            "image/jpeg",
            "image/png",
            "application/pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/msword",
            "text/plain",
            "audio/mpeg",
            "audio/wav",
            "audio/x-wav",
            "audio/amr");

    public AttachmentPolicy {
        if (maxBytes <= 0) {
            throw invalid("maxBytes", "must be positive");
        }
        if (contentTypes == null || contentTypes.isEmpty()) {
            throw invalid("contentTypes", "must name at least one content type");
        }
        contentTypes = contentTypes.stream()
                .map(t -> t == null ? "" : t.trim().toLowerCase(Locale.ROOT))
                .distinct()
                .toList();
        for (String type : contentTypes) {
            if (!type.matches("[a-z0-9.+-]+/[a-z0-9.+-]+")) {
                throw invalid("contentTypes", "'" + type + "' is not a content type such as image/jpeg");
            }
        }
    }

    /** Refuses what this policy does not accept; changes nothing. */
    public void check(Upload upload) {
        if (upload.size() == 0) {
            throw new ProblemException(
                    ProblemCode.VALIDATION_FAILED,
                    "The file '" + upload.name() + "' is empty.",
                    Map.of("field", "file", "reason", "EMPTY"));
        }
        if (upload.size() > maxBytes) {
            throw new ProblemException(
                    ProblemCode.PAYLOAD_TOO_LARGE,
                    "The file '" + upload.name() + "' has " + upload.size() + " bytes; this hotline accepts at most "
                            + maxBytes + ".",
                    Map.of("field", "file", "maxBytes", maxBytes, "size", upload.size()));
        }
        if (!contentTypes.contains(upload.contentType())) {
            throw new ProblemException(
                    ProblemCode.UNSUPPORTED_MEDIA_TYPE,
                    "Files of type " + upload.contentType() + " are not accepted here; accepted: " + contentTypes + ".",
                    Map.of("field", "file", "contentType", upload.contentType(), "accepted", contentTypes));
        }
        if (!Signatures.matches(upload.contentType(), upload.bytes())) {
            throw new ProblemException(
                    ProblemCode.UNSUPPORTED_MEDIA_TYPE,
                    "The file '" + upload.name() + "' is declared " + upload.contentType()
                            + " but its content is not of that type.",
                    Map.of("field", "file", "contentType", upload.contentType(), "reason", "CONTENT_MISMATCH"));
        }
    }

    private static ProblemException invalid(String field, String rule) {
        return new ProblemException(ProblemCode.VALIDATION_FAILED, field + " " + rule + ".", Map.of("field", field));
    }

    /** Leading bytes of the binary formats we know; other types are taken as declared. */
    static final class Signatures {
        private static final Set<String> WAV = Set.of("audio/wav", "audio/x-wav");

        private Signatures() {}

        static boolean matches(String type, byte[] b) {
            return switch (type) {
                case "image/jpeg" -> starts(b, 0xFF, 0xD8, 0xFF);
                case "image/png" -> starts(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
                case "application/pdf" -> starts(b, '%', 'P', 'D', 'F', '-');
                case "application/vnd.openxmlformats-officedocument.wordprocessingml.document" ->
                    starts(b, 'P', 'K', 3, 4);
                case "application/msword" -> starts(b, 0xD0, 0xCF, 0x11, 0xE0);
                case "audio/mpeg" ->
                    starts(b, 'I', 'D', '3') || (b.length > 1 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xE0) == 0xE0);
                case "audio/amr" -> starts(b, '#', '!', 'A', 'M', 'R');
                default -> !WAV.contains(type) || (starts(b, 'R', 'I', 'F', 'F') && at(b, 8, 'W', 'A', 'V', 'E'));
            };
        }

        private static boolean starts(byte[] b, int... prefix) {
            return at(b, 0, prefix);
        }

        private static boolean at(byte[] b, int offset, int... expected) {
            if (b.length < offset + expected.length) {
                return false;
            }
            for (int i = 0; i < expected.length; i++) {
                if ((b[offset + i] & 0xFF) != expected[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}

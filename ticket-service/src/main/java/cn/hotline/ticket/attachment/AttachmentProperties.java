package cn.hotline.ticket.attachment;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code cc.ticket.attachments}: where attachments are stored and the limits a tenant gets until it sets its own.
 *
 * @param bucket the S3 bucket (object keys start with the tenant's slug)
 * @param linkValidity how long a presigned download link works
 * @param maxBytes default largest file a tenant accepts
 * @param ceilingBytes the largest limit any tenant may set (the platform's, also the multipart reader's)
 * @param contentTypes default content types a tenant accepts
 * @param storage the S3-compatible store
 */
@Validated
@ConfigurationProperties(prefix = "cc.ticket.attachments")
public record AttachmentProperties(
        String bucket,
        Duration linkValidity,
        long maxBytes,
        long ceilingBytes,
        List<String> contentTypes,
        Storage storage) {

    public record Storage(URI endpoint, String region, String accessKey, String secretKey) {
        public Storage {
            if (endpoint == null || isBlank(region) || isBlank(accessKey) || isBlank(secretKey)) {
                throw new IllegalArgumentException(
                        "cc.ticket.attachments.storage needs endpoint, region, access-key and secret-key");
            }
        }
    }

    public AttachmentProperties {
        if (isBlank(bucket)) {
            bucket = "cc-ticket-attachments";
        }
        if (linkValidity == null || linkValidity.isNegative() || linkValidity.isZero()) {
            linkValidity = Duration.ofMinutes(5);
        }
        if (linkValidity.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("cc.ticket.attachments.link-validity is at most 7 days (S3's limit)");
        }
        ceilingBytes = ceilingBytes <= 0 ? 50L * 1024 * 1024 : ceilingBytes;
        maxBytes = maxBytes <= 0 ? 20L * 1024 * 1024 : maxBytes;
        if (maxBytes > ceilingBytes) {
            throw new IllegalArgumentException("cc.ticket.attachments.max-bytes exceeds ceiling-bytes");
        }
        contentTypes = contentTypes == null || contentTypes.isEmpty()
                ? AttachmentPolicy.STANDARD_TYPES
                : List.copyOf(contentTypes);
        if (storage == null) {
            throw new IllegalArgumentException("cc.ticket.attachments.storage is required");
        }
    }

    AttachmentPolicy defaults() {
        return new AttachmentPolicy(maxBytes, contentTypes);
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}

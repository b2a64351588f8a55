package cn.hotline.workforce.sms;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One SMS as the API shows it: the recipient only masked ({@code 138****8000}).
 *
 * @param status {@code QUEUED} (waiting for its turn under the rate limit), {@code SUBMITTED} (the provider took it),
 *     {@code DELIVERED} (every segment's receipt said delivered), {@code FAILED} (refused, or a receipt said so)
 */
public record SmsMessage(
        UUID id,
        @Nullable UUID batch,
        @Nullable UUID template,
        String source,
        @Nullable String sourceRef,
        String to,
        String content,
        int segments,
        String status,
        String provider,
        int deliveredSegments,
        @Nullable String error,
        Instant createdAt,
        @Nullable Instant submittedAt,
        @Nullable Instant doneAt) {}

package cn.hotline.ticket.city;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Signing and verification the Standard Webhooks way: HMAC-SHA256 over {@code id.timestamp.body}, the header {@code
 * webhook-signature} holding space-separated {@code v1,<base64>} entries (one per active secret, so either side can
 * rotate), {@code webhook-timestamp} in seconds since the epoch within a tolerance, constant-time comparison.
 */
public final class WebhookSignatures {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignatures() {}

    /** Why a delivery was refused; the name is the stable {@code reason} of the problem detail. */
    public enum Rejection {
        MISSING_HEADERS,
        MALFORMED_TIMESTAMP,
        STALE_TIMESTAMP,
        MALFORMED_SIGNATURE,
        NO_MATCHING_SIGNATURE,
        NO_ACTIVE_SECRET
    }

    /** The outcome of a verification. */
    public sealed interface Verification {
        record Verified(String id, Instant timestamp) implements Verification {}

        record Rejected(Rejection reason, String detail) implements Verification {}
    }

    /** The {@code webhook-signature} value for this message: one {@code v1,} entry per secret. */
    public static String sign(String id, long timestampSeconds, byte[] body, Collection<WebhookSecret> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("signing needs at least one secret");
        }
        return secrets.stream()
                .map(secret -> "v1," + Base64.getEncoder().encodeToString(mac(secret, id, timestampSeconds, body)))
                .collect(Collectors.joining(" "));
    }

    public static Verification verify(
            @Nullable String id,
            @Nullable String timestamp,
            @Nullable String signature,
            byte[] body,
            List<WebhookSecret> secrets,
            Instant now,
            Duration tolerance) {
        if (isBlank(id) || isBlank(timestamp) || isBlank(signature)) {
            return new Verification.Rejected(
                    Rejection.MISSING_HEADERS,
                    "The headers webhook-id, webhook-timestamp and webhook-signature are" + " all required.");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return new Verification.Rejected(
                    Rejection.MALFORMED_TIMESTAMP, "webhook-timestamp must be whole seconds since the epoch.");
        }
        Instant at = Instant.ofEpochSecond(seconds);
        if (Duration.between(at, now).abs().compareTo(tolerance) > 0) {
            return new Verification.Rejected(
                    Rejection.STALE_TIMESTAMP,
                    "webhook-timestamp is more than " + tolerance.toMinutes() + " minutes away from our clock.");
        }
        if (secrets.isEmpty()) {
            return new Verification.Rejected(
                    Rejection.NO_ACTIVE_SECRET, "No active inbound secret: the signature cannot be verified.");
        }
        List<byte[]> offered = new java.util.ArrayList<>();
        for (String entry : signature.trim().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma <= 0) {
                return new Verification.Rejected(
                        Rejection.MALFORMED_SIGNATURE, "webhook-signature entries look like v1,<base64>.");
            }
            if (!entry.substring(0, comma).equals("v1")) {
                continue; // other schemes (v1a: asymmetric) are not ours; skip them like the spec says
            }
            try {
                offered.add(Base64.getDecoder().decode(entry.substring(comma + 1)));
            } catch (IllegalArgumentException e) {
                return new Verification.Rejected(
                        Rejection.MALFORMED_SIGNATURE, "webhook-signature entries look like v1,<base64>.");
            }
        }
        boolean matched = false;
        for (WebhookSecret secret : secrets) {
            byte[] expected = mac(secret, id, seconds, body);
            for (byte[] candidate : offered) {
                // every pair is compared, so the time taken does not tell which secret or entry matched
                matched |= MessageDigest.isEqual(expected, candidate);
            }
        }
        return matched
                ? new Verification.Verified(id, at)
                : new Verification.Rejected(
                        Rejection.NO_MATCHING_SIGNATURE, "No signature matches any active secret of this tenant.");
    }

    private static byte[] mac(WebhookSecret secret, String id, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}

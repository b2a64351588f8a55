package cn.hotline.citysim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Standard Webhooks signatures as the city's side implements them (deliberately its own code, not the platform's:
 * two implementations that agree are what the contract test needs).
 */
final class Signatures {

    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private Signatures() {}

    static byte[] key(String secret) {
        if (!secret.startsWith("whsec_")) {
            throw new IllegalArgumentException("secrets look like whsec_<base64>");
        }
        return Base64.getDecoder().decode(secret.substring("whsec_".length()));
    }

    static String sign(String id, long timestamp, byte[] body, Collection<String> secrets) {
        return secrets.stream()
                .map(secret -> "v1," + Base64.getEncoder().encodeToString(mac(key(secret), id, timestamp, body)))
                .collect(Collectors.joining(" "));
    }

    /** Null when the delivery is genuine, else why not. */
    static @Nullable String problem(
            @Nullable String id,
            @Nullable String timestamp,
            @Nullable String signature,
            byte[] body,
            Collection<String> secrets,
            Instant now) {
        if (id == null || timestamp == null || signature == null) {
            return "missing webhook headers";
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return "malformed timestamp";
        }
        if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
            return "stale timestamp";
        }
        boolean match = false;
        for (String secret : secrets) {
            byte[] expected = mac(key(secret), id, seconds, body);
            for (String entry : signature.split(" ")) {
                if (entry.startsWith("v1,")) {
                    try {
                        match |= MessageDigest.isEqual(
                                expected, Base64.getDecoder().decode(entry.substring(3)));
                    } catch (IllegalArgumentException e) {
                        return "malformed signature";
                    }
                }
            }
        }
        return match ? null : "no matching signature";
    }

    private static byte[] mac(byte[] key, String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

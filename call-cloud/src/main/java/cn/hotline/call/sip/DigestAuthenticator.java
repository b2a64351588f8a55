package cn.hotline.call.sip;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * RFC 3261 / RFC 2617 digest authentication (MD5, {@code qop=auth} or none) of a carrier towards us. Nonces are
 * stateless: the time they were issued and an HMAC over it with a key drawn per instance, so any request within the
 * nonce lifetime verifies without a store, and a forged or expired nonce does not.
 */
final class DigestAuthenticator {

    private final byte[] key = new byte[32];
    private final Clock clock;
    private final Duration lifetime;

    DigestAuthenticator(Clock clock, Duration lifetime) {
        new SecureRandom().nextBytes(key);
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** A fresh nonce for a challenge. */
    String nonce() {
        String issued = Long.toString(clock.millis());
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((issued + ":" + mac(issued)).getBytes(StandardCharsets.US_ASCII));
    }

    /** What the carrier answered, read from its {@code Authorization} header. */
    record Answer(
            String username,
            String realm,
            String nonce,
            String uri,
            String response,
            @Nullable String qop,
            @Nullable String cnonce,
            @Nullable String nc) {}

    /** The outcome of checking an answer. */
    enum Verdict {
        VALID,
        STALE,
        INVALID
    }

    Verdict verify(Answer answer, String method, TrunkProfile.Credentials expected) {
        if (!expected.username().equals(answer.username()) || !expected.realm().equals(answer.realm())) {
            return Verdict.INVALID;
        }
        String issued;
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(answer.nonce()), StandardCharsets.US_ASCII);
            int colon = decoded.indexOf(':');
            issued = decoded.substring(0, Math.max(colon, 0));
            if (colon < 0
                    || !MessageDigest.isEqual(
                            mac(issued).getBytes(StandardCharsets.US_ASCII),
                            decoded.substring(colon + 1).getBytes(StandardCharsets.US_ASCII))) {
                return Verdict.INVALID;
            }
        } catch (IllegalArgumentException e) {
            return Verdict.INVALID;
        }
        String ha1 = md5(expected.username() + ":" + expected.realm() + ":" + expected.password());
        String ha2 = md5(method + ":" + answer.uri());
        String wanted = answer.qop() == null
                ? md5(ha1 + ":" + answer.nonce() + ":" + ha2)
                : md5(ha1 + ":" + answer.nonce() + ":" + answer.nc() + ":" + answer.cnonce() + ":" + answer.qop() + ":"
                        + ha2);
        if (!MessageDigest.isEqual(
                wanted.getBytes(StandardCharsets.US_ASCII),
                answer.response().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.INVALID;
        }
        long age;
        try {
            age = clock.millis() - Long.parseLong(issued);
        } catch (NumberFormatException e) {
            return Verdict.INVALID;
        }
        return age >= 0 && age <= lifetime.toMillis() ? Verdict.VALID : Verdict.STALE;
    }

    static String md5(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    private String mac(String issued) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(issued.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}

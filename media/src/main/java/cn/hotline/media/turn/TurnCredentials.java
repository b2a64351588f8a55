package cn.hotline.media.turn;

import cn.hotline.kernel.id.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues per-user TURN credentials in the TURN REST API style: the username is {@code <expiry>:<tenant>.<user>}, the
 * password the Base64 HMAC-SHA1 of the username under the shared secret. coturn refuses them after the expiry, so a
 * leaked credential is worth at most {@link TurnProperties#ttl()} (≤ 10 minutes); nothing is stored.
 */
public final class TurnCredentials {

    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

    private final TurnProperties properties;
    private final Clock clock;

    public TurnCredentials(TurnProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    public TurnCredential issue(TenantId tenant, String user) {
        if (user == null || !USER.matcher(user).matches()) {
            throw new IllegalArgumentException("not a user name for TURN: " + user);
        }
        Instant expiresAt = clock.instant().plus(properties.ttl());
        String username = expiresAt.getEpochSecond() + ":" + tenant.value() + "." + user;
        return new TurnCredential(properties.uris(), username, hmac(properties.secret(), username), expiresAt);
    }

    static String hmac(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    }
}

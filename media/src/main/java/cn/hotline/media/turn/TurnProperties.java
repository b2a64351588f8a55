package cn.hotline.media.turn;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The TURN servers agents use and the secret shared with them.
 *
 * @param uris e.g. {@code turn:127.0.0.1:3478?transport=udp}, {@code turns:turn.example.cn:443?transport=tcp}
 * @param secret coturn's {@code static-auth-secret}
 * @param ttl how long a credential works; at most 10 minutes
 */
@Validated
@ConfigurationProperties(prefix = "cc.media.turn")
public record TurnProperties(@NotEmpty List<String> uris, @NotBlank String secret, @DefaultValue("10m") Duration ttl) {

    public static final Duration MAX_TTL = Duration.ofMinutes(10);

    public TurnProperties {
        if (uris == null || uris.isEmpty() || uris.stream().anyMatch(uri -> !uri.matches("turns?:[^\\s]+"))) {
            throw new IllegalArgumentException("cc.media.turn.uris must be turn: or turns: URIs: " + uris);
        }
        if (secret == null || secret.length() < 8) {
            throw new IllegalArgumentException("cc.media.turn.secret must have at least 8 characters");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("cc.media.turn.ttl must be positive and at most 10 minutes: " + ttl);
        }
        uris = List.copyOf(uris);
    }
}

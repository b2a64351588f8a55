package cn.hotline.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionDecoderFactory;

/**
 * A {@code private_key_jwt} assertion is good for one token request: its {@code jti} is recorded (table
 * {@code used_client_assertion}, until the assertion expires) and a second use is refused. Spring
 * Authorization Server checks signature, issuer, subject, audience and expiry, but not replay.
 */
public final class ClientAssertionReplayGuard {

    private ClientAssertionReplayGuard() {}

    /** The decoder factory for {@code JwtClientAssertionAuthenticationProvider}: the defaults plus this check. */
    public static JwtClientAssertionDecoderFactory decoderFactory(JdbcOperations jdbc) {
        JwtClientAssertionDecoderFactory factory = new JwtClientAssertionDecoderFactory();
        factory.setJwtValidatorFactory(client -> new DelegatingOAuth2TokenValidator<>(
                JwtClientAssertionDecoderFactory.DEFAULT_JWT_VALIDATOR_FACTORY.apply(client), onceOnly(jdbc)));
        return factory;
    }

    static OAuth2TokenValidator<Jwt> onceOnly(JdbcOperations jdbc) {
        return jwt -> {
            String jti = jwt.getId();
            Instant expiresAt = jwt.getExpiresAt();
            if (jti == null || jti.isBlank() || expiresAt == null) {
                return OAuth2TokenValidatorResult.failure(
                        new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "client assertion needs jti and exp", null));
            }
            int recorded = jdbc.update(
                    "insert into used_client_assertion (assertion_hash, expires_at) values (?, ?) on conflict do nothing",
                    hash(jwt.getSubject() + " " + jti),
                    Timestamp.from(expiresAt));
            return recorded == 1
                    ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(
                            new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "client assertion already used", null));
        };
    }

    private static String hash(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

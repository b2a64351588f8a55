package cn.hotline.auth.token;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Refresh tokens rotate (the clients say {@code reuseRefreshTokens=false}); this decorator remembers
 * every refresh token that was replaced (as a SHA-256 hash, table {@code used_refresh_token}) and, when
 * one is presented again, removes the whole authorization: the thief and the rightful client both
 * lose the chain and must sign in again (OAuth 2.0 Security BCP, refresh token rotation). Access
 * tokens already issued stay valid until they expire (5 minutes).
 */
public final class RefreshTokenReuseDetection implements OAuth2AuthorizationService {

    private static final Logger log = LoggerFactory.getLogger(RefreshTokenReuseDetection.class);

    private final OAuth2AuthorizationService delegate;
    private final JdbcOperations jdbc;
    private final Counter reuses;

    public RefreshTokenReuseDetection(OAuth2AuthorizationService delegate, JdbcOperations jdbc, MeterRegistry meters) {
        this.delegate = delegate;
        this.jdbc = jdbc;
        this.reuses = Counter.builder("cc.auth.refresh_token.reuse")
                .description("Already-used refresh tokens presented; each revoked an authorization")
                .register(meters);
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        OAuth2Authorization previous = delegate.findById(authorization.getId());
        delegate.save(authorization);
        String replaced = refreshTokenValue(previous);
        if (replaced != null && !replaced.equals(refreshTokenValue(authorization))) {
            jdbc.update(
                    "insert into used_refresh_token (token_hash, authorization_id) values (?, ?) on conflict do nothing",
                    hash(replaced),
                    authorization.getId());
        }
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        delegate.remove(authorization);
    }

    @Override
    public @Nullable OAuth2Authorization findById(String id) {
        return delegate.findById(id);
    }

    @Override
    public @Nullable OAuth2Authorization findByToken(String token, @Nullable OAuth2TokenType tokenType) {
        OAuth2Authorization found = delegate.findByToken(token, tokenType);
        if (found == null && (tokenType == null || OAuth2TokenType.REFRESH_TOKEN.equals(tokenType))) {
            List<String> owners = jdbc.queryForList(
                    "select authorization_id from used_refresh_token where token_hash = ?", String.class, hash(token));
            for (String owner : owners) {
                OAuth2Authorization victim = delegate.findById(owner);
                if (victim != null) {
                    reuses.increment();
                    log.warn(
                            "used refresh token presented again: authorization {} of client {} for {} revoked",
                            victim.getId(),
                            victim.getRegisteredClientId(),
                            victim.getPrincipalName());
                    delegate.remove(victim);
                }
            }
        }
        return found;
    }

    private static @Nullable String refreshTokenValue(@Nullable OAuth2Authorization authorization) {
        if (authorization == null) {
            return null;
        }
        OAuth2Authorization.Token<OAuth2RefreshToken> token = authorization.getRefreshToken();
        return token == null ? null : token.getToken().getTokenValue();
    }

    static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

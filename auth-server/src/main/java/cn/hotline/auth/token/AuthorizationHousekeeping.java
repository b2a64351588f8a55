package cn.hotline.auth.token;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Removes what can no longer be used: authorizations whose every token has expired, and remembered
 * refresh-token hashes older than a refresh chain can live (a reused token that old would be expired
 * anyway). Idempotent, so every instance may run it.
 */
public final class AuthorizationHousekeeping {

    private static final Logger log = LoggerFactory.getLogger(AuthorizationHousekeeping.class);

    private final JdbcOperations jdbc;
    private final Duration refreshTokenTtl;

    public AuthorizationHousekeeping(JdbcOperations jdbc, Duration refreshTokenTtl) {
        this.jdbc = jdbc;
        this.refreshTokenTtl = refreshTokenTtl;
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    public void purge() {
        int authorizations = jdbc.update(
                """
                delete from oauth2_authorization
                 where greatest(authorization_code_expires_at, access_token_expires_at,
                                oidc_id_token_expires_at, refresh_token_expires_at) < now() - interval '1 hour'
                """);
        int hashes =
                jdbc.update("delete from used_refresh_token where used_at < now() - make_interval(secs => ?)", (double)
                        refreshTokenTtl.plusHours(1).toSeconds());
        hashes += jdbc.update("delete from used_client_assertion where expires_at < now() - interval '1 hour'");
        if (authorizations + hashes > 0) {
            log.info("purged {} expired authorizations and {} used refresh-token hashes", authorizations, hashes);
        }
    }
}

package cn.hotline.tenant.directory;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Stand-in {@link DirectoryAudit} that writes structured log lines; replaced by the audit log when it is wired. */
@Component
@ConditionalOnMissingBean(value = DirectoryAudit.class, ignored = LoggingDirectoryAudit.class)
final class LoggingDirectoryAudit implements DirectoryAudit {

    private static final Logger log = LoggerFactory.getLogger("cn.hotline.tenant.audit.directory");

    @Override
    public Mono<Void> login(String tenant, String username, @Nullable String userId, String outcome) {
        return Mono.fromRunnable(
                () -> log.info("login tenant={} username={} user={} outcome={}", tenant, username, userId, outcome));
    }

    @Override
    public Mono<Void> rolesChanged(
            String tenant, String actor, String userId, List<String> before, List<String> after) {
        return Mono.fromRunnable(() -> log.info(
                "roles changed tenant={} actor={} user={} before={} after={}", tenant, actor, userId, before, after));
    }

    @Override
    public Mono<Void> clientSecretIssued(String tenant, String actor, String clientId) {
        return Mono.fromRunnable(
                () -> log.info("client secret issued tenant={} actor={} client={}", tenant, actor, clientId));
    }

    @Override
    public Mono<Void> userCreated(String tenant, String actor, String userId, List<String> roles) {
        return Mono.fromRunnable(
                () -> log.info("user created tenant={} actor={} user={} roles={}", tenant, actor, userId, roles));
    }
}

package cn.hotline.tenant.directory;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.TenantContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Checks a username and password for auth-server (ADR 0002 §3), counting failures and locking per {@link
 * LockoutPolicy}. The account row is locked ({@code FOR UPDATE}) for the attempt, so concurrent guesses are counted
 * one by one. Unknown users cost one Argon2 verification like known ones.
 */
@Component
public final class SignIn {

    private final DatabaseClient db;
    private final TenantTransactions tx;
    private final PasswordHashing passwords;
    private final TenantStatusLookup tenants;
    private final DirectoryAudit audit;
    private final LockoutPolicy policy;
    private final Clock clock;

    public SignIn(
            DatabaseClient db,
            TenantTransactions tx,
            PasswordHashing passwords,
            TenantStatusLookup tenants,
            DirectoryAudit audit,
            ObjectProvider<Clock> clock) {
        this.db = db;
        this.tx = tx;
        this.passwords = passwords;
        this.tenants = tenants;
        this.audit = audit;
        this.policy = LockoutPolicy.standard();
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    private record Account(
            UUID id,
            String passwordHash,
            String status,
            @Nullable String scopeUnit,
            String[] roles,
            String displayName,
            int failedAttempts,
            int lockouts,
            @Nullable OffsetDateTime lockedUntil) {}

    public Mono<AuthenticationResult> authenticate(String tenant, String username, String password) {
        TenantId tenantId;
        try {
            tenantId = TenantId.of(tenant);
        } catch (IllegalArgumentException e) {
            return Mono.just(new AuthenticationResult.UnknownTenant());
        }
        return tenants.isActive(tenant)
                .flatMap(active -> active
                        ? tx.run(TenantContext.of(tenantId), attempt(tenant, username, password))
                                .flatMap(result -> audit.login(tenant, username, userId(result), outcome(result))
                                        .thenReturn(result))
                        : Mono.just(new AuthenticationResult.UnknownTenant()));
    }

    private Mono<AuthenticationResult> attempt(String tenant, String username, String password) {
        return db.sql("SELECT id, password_hash, status, scope_unit, roles, display_name, failed_attempts, lockouts,"
                        + " locked_until FROM directory_user WHERE username = :u FOR UPDATE")
                .bind("u", username)
                .map(row -> new Account(
                        Objects.requireNonNull(row.get("id", UUID.class)),
                        Objects.requireNonNull(row.get("password_hash", String.class)),
                        Objects.requireNonNull(row.get("status", String.class)),
                        row.get("scope_unit", String.class),
                        Objects.requireNonNull(row.get("roles", String[].class)),
                        Objects.requireNonNull(row.get("display_name", String.class)),
                        Objects.requireNonNull(row.get("failed_attempts", Integer.class)),
                        Objects.requireNonNull(row.get("lockouts", Integer.class)),
                        row.get("locked_until", OffsetDateTime.class)))
                .one()
                .flatMap(account -> check(tenant, account, password))
                .switchIfEmpty(Mono.defer(
                        () -> passwords.burn(password).thenReturn(new AuthenticationResult.BadCredentials())));
    }

    private Mono<AuthenticationResult> check(String tenant, Account account, String password) {
        Instant now = clock.instant();
        if (account.lockedUntil() != null && account.lockedUntil().toInstant().isAfter(now)) {
            return Mono.just(new AuthenticationResult.Locked(
                    Duration.between(now, account.lockedUntil().toInstant())));
        }
        if (!"ACTIVE".equals(account.status())) {
            return passwords.burn(password).thenReturn(new AuthenticationResult.BadCredentials());
        }
        return passwords
                .matches(password, account.passwordHash())
                .flatMap(ok -> ok ? succeeded(tenant, account) : failed(account, now));
    }

    private Mono<AuthenticationResult> succeeded(String tenant, Account account) {
        return db.sql("UPDATE directory_user SET failed_attempts = 0, lockouts = 0, locked_until = NULL WHERE id = :id")
                .bind("id", account.id())
                .fetch()
                .rowsUpdated()
                .thenReturn(new AuthenticationResult.Authenticated(
                        account.id(),
                        tenant,
                        account.scopeUnit(),
                        Arrays.asList(account.roles()),
                        account.displayName()));
    }

    private Mono<AuthenticationResult> failed(Account account, Instant now) {
        int failures = account.failedAttempts() + 1;
        if (!policy.locks(failures)) {
            return db.sql("UPDATE directory_user SET failed_attempts = :f WHERE id = :id")
                    .bind("f", failures)
                    .bind("id", account.id())
                    .fetch()
                    .rowsUpdated()
                    .thenReturn(new AuthenticationResult.BadCredentials());
        }
        int lockouts = account.lockouts() + 1;
        Duration lock = policy.lockFor(lockouts);
        return db.sql("UPDATE directory_user SET failed_attempts = 0, lockouts = :l, locked_until = :until"
                        + " WHERE id = :id")
                .bind("l", lockouts)
                .bind("until", OffsetDateTime.ofInstant(now.plus(lock), ZoneOffset.UTC))
                .bind("id", account.id())
                .fetch()
                .rowsUpdated()
                .thenReturn(new AuthenticationResult.Locked(lock));
    }

    private static @Nullable String userId(AuthenticationResult result) {
        return result instanceof AuthenticationResult.Authenticated a
                ? a.userId().toString()
                : null;
    }

    private static String outcome(AuthenticationResult result) {
        return switch (result) {
            case AuthenticationResult.Authenticated a -> "SUCCEEDED";
            case AuthenticationResult.BadCredentials b -> "BAD_CREDENTIALS";
            case AuthenticationResult.Locked l -> "LOCKED";
            case AuthenticationResult.UnknownTenant u -> "UNKNOWN_TENANT";
        };
    }
}

package cn.hotline.tenant.directory;

import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * User accounts of a tenant: create, read, assign roles. Every call runs in its own transaction bound to the given
 * tenant context, so row-level security narrows a workstation caller to its own workstation's users.
 */
@Component
public final class UserAccounts {

    static final String COLUMNS =
            "id, tenant_id, username, display_name, status, scope_unit, roles, phone, locked_until";

    private final DatabaseClient db;
    private final TenantTransactions tx;
    private final PasswordHashing passwords;
    private final Roles roles;
    private final DirectoryAudit audit;
    private final Clock clock;

    public UserAccounts(
            DatabaseClient db,
            TenantTransactions tx,
            PasswordHashing passwords,
            Roles roles,
            DirectoryAudit audit,
            ObjectProvider<Clock> clock) {
        this.db = db;
        this.tx = tx;
        this.passwords = passwords;
        this.roles = roles;
        this.audit = audit;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** Creates a user; {@code 409 CONFLICT} when the username is taken, {@code 400} for unknown roles or scopes. */
    public Mono<UserView> create(TenantContext context, String tenant, NewUser user, String actor) {
        if (user.scopeUnit() != null && !Scopes.belongsTo(user.scopeUnit(), tenant)) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED,
                    "scope '" + user.scopeUnit() + "' is not a workstation of tenant " + tenant));
        }
        return passwords
                .hash(user.password())
                .flatMap(hash -> tx.run(
                        context,
                        roles.requireKnown(user.roles())
                                .then(requireUnit(user.scopeUnit()))
                                .then(insert(tenant, user, hash))))
                .flatMap(view -> audit.userCreated(tenant, actor, view.id().toString(), view.roles())
                        .thenReturn(view));
    }

    /** Creates the user unless one with that username exists; answers the existing or new account. */
    public Mono<UserView> createIfAbsent(TenantContext context, String tenant, NewUser user, String actor) {
        return findByUsername(context, user.username())
                .switchIfEmpty(Mono.defer(() -> create(context, tenant, user, actor)))
                .onErrorResume(
                        e -> e instanceof ProblemException p && p.code() == ProblemCode.CONFLICT,
                        e -> findByUsername(context, user.username()));
    }

    /** A unit user's scope must name one of the tenant's handling units; runs inside the caller's transaction. */
    private Mono<Void> requireUnit(@Nullable String scope) {
        if (scope == null || !scope.startsWith("unit:")) {
            return Mono.empty();
        }
        String code = scope.substring("unit:".length());
        return db.sql("SELECT 1 AS one FROM handling_unit WHERE code = :c")
                .bind("c", code)
                .map(row -> Boolean.TRUE)
                .one()
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.VALIDATION_FAILED, "scope '" + scope + "' names no handling unit of this tenant")))
                .then();
    }

    private Mono<UserView> insert(String tenant, NewUser user, String hash) {
        UUID id = Uuids.v7();
        return db.sql("INSERT INTO directory_user (tenant_id, id, username, display_name, password_hash, status,"
                        + " scope_unit, roles, phone) VALUES (:tenant, :id, :username, :name, :hash, 'ACTIVE', :scope,"
                        + " :roles, :phone) RETURNING " + COLUMNS)
                .bind("tenant", tenant)
                .bind("id", id)
                .bind("username", user.username())
                .bind("name", user.displayName())
                .bind("hash", hash)
                .bind("scope", Parameter.fromOrEmpty(user.scopeUnit(), String.class))
                .bind("roles", user.roles().toArray(String[]::new))
                .bind("phone", Parameter.fromOrEmpty(user.phone(), String.class))
                .map(this::view)
                .one()
                .onErrorMap(
                        DataIntegrityViolationException.class,
                        e -> new ProblemException(
                                ProblemCode.CONFLICT,
                                "username '" + user.username() + "' is taken, or the scope is not yours",
                                Map.of("field", "username")));
    }

    public Flux<UserView> list(TenantContext context) {
        return tx.run(
                context,
                db.sql("SELECT " + COLUMNS + " FROM directory_user ORDER BY username")
                        .map(this::view)
                        .all());
    }

    public Mono<UserView> get(TenantContext context, UUID id) {
        return tx.run(
                context,
                db.sql("SELECT " + COLUMNS + " FROM directory_user WHERE id = :id")
                        .bind("id", id)
                        .map(this::view)
                        .one());
    }

    public Mono<UserView> findByUsername(TenantContext context, String username) {
        return tx.run(
                context,
                db.sql("SELECT " + COLUMNS + " FROM directory_user WHERE username = :u")
                        .bind("u", username)
                        .map(this::view)
                        .one());
    }

    /** Replaces the roles of a user (empty when the user is not visible); audited. */
    public Mono<UserView> assignRoles(
            TenantContext context, String tenant, UUID id, List<String> newRoles, String actor) {
        List<String> wanted = List.copyOf(new java.util.LinkedHashSet<>(newRoles));
        for (String role : wanted) {
            if (role == null || !TenantRole.CODE.matcher(role).matches()) {
                return Mono.error(
                        new ProblemException(ProblemCode.VALIDATION_FAILED, "'" + role + "' is not a role code"));
            }
        }
        return tx.run(
                        context,
                        roles.requireKnown(wanted)
                                .then(db.sql("SELECT roles FROM directory_user WHERE id = :id FOR UPDATE")
                                        .bind("id", id)
                                        .map(row -> List.of(Objects.requireNonNull(row.get("roles", String[].class))))
                                        .one())
                                .flatMap(before -> db.sql("UPDATE directory_user SET roles = :roles, updated_at ="
                                                + " now() WHERE id = :id RETURNING " + COLUMNS)
                                        .bind("roles", wanted.toArray(String[]::new))
                                        .bind("id", id)
                                        .map(this::view)
                                        .one()
                                        .map(after -> Map.entry(before, after))))
                .flatMap(change -> audit.rolesChanged(
                                tenant,
                                actor,
                                id.toString(),
                                change.getKey(),
                                change.getValue().roles())
                        .thenReturn(change.getValue()));
    }

    /**
     * Disables a user (sign-in then answers BAD_CREDENTIALS) or enables it again, clearing any lock; empty when the
     * user is not visible. Audited.
     */
    public Mono<UserView> setStatus(TenantContext context, String tenant, UUID id, String status, String actor) {
        if (!"ACTIVE".equals(status) && !"DISABLED".equals(status)) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "status must be ACTIVE or DISABLED, not '" + status + "'"));
        }
        return tx.run(
                        context,
                        db.sql("UPDATE directory_user SET status = :s, failed_attempts = 0, locked_until = NULL,"
                                        + " updated_at = now() WHERE id = :id RETURNING " + COLUMNS)
                                .bind("s", status)
                                .bind("id", id)
                                .map(this::view)
                                .one())
                .flatMap(view -> audit.statusChanged(tenant, actor, id.toString(), status)
                        .thenReturn(view));
    }

    /** Puts a visible user into a department; runs inside the caller's transaction when there is one. */
    public Mono<Void> setDepartment(TenantContext context, UUID userId, UUID departmentId) {
        return tx.run(
                        context,
                        db.sql("UPDATE directory_user SET department_id = :d, updated_at = now() WHERE id = :id")
                                .bind("d", departmentId)
                                .bind("id", userId)
                                .fetch()
                                .rowsUpdated())
                .then();
    }

    UserView view(Readable row) {
        OffsetDateTime lockedUntil = row.get("locked_until", OffsetDateTime.class);
        String[] roleCodes = row.get("roles", String[].class);
        return new UserView(
                Objects.requireNonNull(row.get("id", UUID.class)),
                Objects.requireNonNull(row.get("tenant_id", String.class)),
                Objects.requireNonNull(row.get("username", String.class)),
                Objects.requireNonNull(row.get("display_name", String.class)),
                Objects.requireNonNull(row.get("status", String.class)),
                row.get("scope_unit", String.class),
                roleCodes == null ? List.of() : Arrays.asList(roleCodes),
                row.get("phone", String.class),
                lockedUntil != null
                        && lockedUntil.isAfter(OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC)));
    }
}

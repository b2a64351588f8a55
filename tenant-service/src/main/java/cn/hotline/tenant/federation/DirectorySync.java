package cn.hotline.tenant.federation;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.tenant.audit.AuditLog;
import cn.hotline.tenant.directory.PasswordHashing;
import cn.hotline.tenant.directory.Scopes;
import cn.hotline.tenant.directory.TenantTransactions;
import cn.hotline.tenant.federation.SyncReport.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps a tenant's accounts in step with its upstream identity platform (R-TEN-4). Each row is applied in its own
 * transaction bound to the tenant, together with its audit entry ({@code user.synced}): a row commits whole or not at
 * all, bad rows are reported and skipped, good rows applied. Rows are keyed by the upstream subject under the
 * tenant's configured issuer, so sending the same batch twice changes nothing the second time. Accounts created here
 * get a password hash of a random secret nobody holds: they sign in only through the upstream provider.
 */
@Component
public final class DirectorySync {

    /** At most this many rows per request. */
    public static final int MAX_ROWS = 1000;

    private static final Logger log = LoggerFactory.getLogger(DirectorySync.class);

    private final DatabaseClient db;
    private final TenantTransactions tx;
    private final PasswordHashing passwords;
    private final AuditLog audit;

    DirectorySync(DatabaseClient db, TenantTransactions tx, PasswordHashing passwords, AuditLog audit) {
        this.db = db;
        this.tx = tx;
        this.passwords = passwords;
        this.audit = audit;
    }

    /** A row as parsed: either valid or with the reason it is not. */
    public record Parsed(@Nullable String subject, @Nullable SyncRow row, @Nullable String error) {}

    private record Account(
            UUID id,
            String username,
            String displayName,
            String status,
            @Nullable String scopeUnit,
            List<String> roles,
            @Nullable String phone) {}

    public Mono<SyncReport> sync(TenantId tenant, String issuer, List<Parsed> rows, String actor) {
        Mono<String> unusableHash =
                passwords.newSecret().flatMap(passwords::hash).cache();
        return Flux.range(0, rows.size())
                .concatMap(index -> {
                    Parsed parsed = rows.get(index);
                    if (parsed.row() == null) {
                        return Mono.just(
                                new SyncReport.Row(index, parsed.subject(), Outcome.FAILED, null, parsed.error()));
                    }
                    SyncRow row = parsed.row();
                    return tx.run(TenantContext.of(tenant), apply(tenant, issuer, row, actor, unusableHash))
                            .onErrorResume(
                                    DirectorySync::rowError,
                                    e -> Mono.just(
                                            new SyncReport.Row(index, row.subject(), Outcome.FAILED, null, message(e))))
                            .map(done -> done.index() == index
                                    ? done
                                    : new SyncReport.Row(
                                            index, done.subject(), done.outcome(), done.userId(), done.message()));
                })
                .collectList()
                .map(SyncReport::of)
                .flatMap(report -> audit.record(
                                tenant,
                                actor,
                                "directory.synced",
                                "tenant:" + tenant.value(),
                                Map.of(
                                        "issuer", issuer,
                                        "total", report.total(),
                                        "created", report.created(),
                                        "updated", report.updated(),
                                        "deactivated", report.deactivated(),
                                        "failed", report.failed()))
                        .thenReturn(report));
    }

    private static boolean rowError(Throwable e) {
        return e instanceof IllegalArgumentException
                || e instanceof ProblemException
                || e instanceof DataIntegrityViolationException;
    }

    private static String message(Throwable e) {
        if (e instanceof DataIntegrityViolationException) {
            log.debug("sync row refused by a constraint", e);
            return "refused by a constraint (username taken by another account, or a value out of range)";
        }
        return String.valueOf(e.getMessage());
    }

    private Mono<SyncReport.Row> apply(
            TenantId tenant, String issuer, SyncRow row, String actor, Mono<String> unusableHash) {
        if (row.scopeUnit() != null && !Scopes.belongsTo(row.scopeUnit(), tenant.value())) {
            return Mono.error(new IllegalArgumentException(
                    "scopeUnit '" + row.scopeUnit() + "' is not a workstation of tenant " + tenant.value()));
        }
        return requireKnownRoles(row.roles())
                .then(linkedUser(issuer, row.subject()))
                .flatMap(userId -> lockById(userId).flatMap(account -> bringInStep(account, row, false)))
                .switchIfEmpty(Mono.defer(() -> row.active()
                        ? linkOrCreate(tenant, issuer, row, unusableHash)
                        : Mono.just(new Applied(null, Outcome.UNCHANGED))))
                .flatMap(applied -> applied.outcome() == Outcome.UNCHANGED || applied.userId() == null
                        ? Mono.just(applied)
                        : audit.record(
                                        tenant,
                                        actor,
                                        "user.synced",
                                        "user:" + applied.userId(),
                                        detail(issuer, row, applied.outcome()))
                                .thenReturn(applied))
                .map(applied -> new SyncReport.Row(-1, row.subject(), applied.outcome(), applied.userId(), null));
    }

    private record Applied(@Nullable UUID userId, Outcome outcome) {}

    private Mono<Void> requireKnownRoles(List<String> roles) {
        if (roles.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("SELECT code FROM directory_role WHERE code = ANY(:codes)")
                .bind("codes", roles.toArray(String[]::new))
                .map(r -> Objects.requireNonNull(r.get("code", String.class)))
                .all()
                .collectList()
                .flatMap(known -> {
                    List<String> unknown =
                            roles.stream().filter(r -> !known.contains(r)).toList();
                    return unknown.isEmpty()
                            ? Mono.empty()
                            : Mono.error(new IllegalArgumentException("unknown roles " + unknown));
                });
    }

    private Mono<UUID> linkedUser(String issuer, String subject) {
        return db.sql("SELECT user_id FROM federated_identity WHERE issuer = :i AND subject = :s")
                .bind("i", issuer)
                .bind("s", subject)
                .map(r -> Objects.requireNonNull(r.get("user_id", UUID.class)))
                .one();
    }

    private Mono<Account> lockById(UUID id) {
        return db.sql("SELECT id, username, display_name, status, scope_unit, roles, phone FROM directory_user"
                        + " WHERE id = :id FOR UPDATE")
                .bind("id", id)
                .map(DirectorySync::account)
                .one();
    }

    private Mono<Applied> linkOrCreate(TenantId tenant, String issuer, SyncRow row, Mono<String> unusableHash) {
        Mono<Applied> link = db.sql("SELECT id, username, display_name, status, scope_unit, roles, phone FROM"
                        + " directory_user WHERE username = :u FOR UPDATE")
                .bind("u", row.username())
                .map(DirectorySync::account)
                .one()
                .flatMap(
                        existing -> db.sql("SELECT subject FROM federated_identity WHERE issuer = :i AND user_id = :id")
                                .bind("i", issuer)
                                .bind("id", existing.id())
                                .map(r -> Objects.requireNonNull(r.get("subject", String.class)))
                                .one()
                                .map(Optional::of)
                                .defaultIfEmpty(Optional.empty())
                                .flatMap(other -> other.isPresent()
                                        ? Mono.error(new IllegalArgumentException("username '" + row.username()
                                                + "' is already linked to another upstream subject"))
                                        : insertLink(tenant, issuer, row.subject(), existing.id())
                                                .then(bringInStep(existing, row, true))));
        Mono<Applied> create = Mono.defer(() -> unusableHash.flatMap(hash -> {
            UUID id = Uuids.v7();
            return db.sql("INSERT INTO directory_user (tenant_id, id, username, display_name, password_hash, status,"
                            + " scope_unit, roles, phone) VALUES (:t, :id, :u, :n, :h, 'ACTIVE', :s, :r, :p)")
                    .bind("t", tenant.value())
                    .bind("id", id)
                    .bind("u", row.username())
                    .bind("n", row.displayName())
                    .bind("h", hash)
                    .bind("s", Parameter.fromOrEmpty(row.scopeUnit(), String.class))
                    .bind("r", row.roles().toArray(String[]::new))
                    .bind("p", Parameter.fromOrEmpty(row.phone(), String.class))
                    .fetch()
                    .rowsUpdated()
                    .then(insertLink(tenant, issuer, row.subject(), id))
                    .thenReturn(new Applied(id, Outcome.CREATED));
        }));
        return link.switchIfEmpty(create);
    }

    private Mono<Void> insertLink(TenantId tenant, String issuer, String subject, UUID userId) {
        return db.sql("INSERT INTO federated_identity (tenant_id, issuer, subject, user_id) VALUES (:t, :i, :s, :u)")
                .bind("t", tenant.value())
                .bind("i", issuer)
                .bind("s", subject)
                .bind("u", userId)
                .fetch()
                .rowsUpdated()
                .then();
    }

    private Mono<Applied> bringInStep(Account current, SyncRow row, boolean newlyLinked) {
        String status = row.active() ? "ACTIVE" : "DISABLED";
        boolean same = current.username().equals(row.username())
                && current.displayName().equals(row.displayName())
                && current.status().equals(status)
                && Objects.equals(current.scopeUnit(), row.scopeUnit())
                && current.roles().equals(row.roles())
                && Objects.equals(current.phone(), row.phone());
        Outcome outcome = newlyLinked
                ? Outcome.LINKED
                : same
                        ? Outcome.UNCHANGED
                        : !row.active() && "ACTIVE".equals(current.status()) ? Outcome.DEACTIVATED : Outcome.UPDATED;
        if (same) {
            return Mono.just(new Applied(current.id(), outcome));
        }
        return db.sql("UPDATE directory_user SET username = :u, display_name = :n, status = :st, scope_unit = :s,"
                        + " roles = :r, phone = :p, updated_at = now() WHERE id = :id")
                .bind("u", row.username())
                .bind("n", row.displayName())
                .bind("st", status)
                .bind("s", Parameter.fromOrEmpty(row.scopeUnit(), String.class))
                .bind("r", row.roles().toArray(String[]::new))
                .bind("p", Parameter.fromOrEmpty(row.phone(), String.class))
                .bind("id", current.id())
                .fetch()
                .rowsUpdated()
                .thenReturn(new Applied(current.id(), outcome));
    }

    private static Map<String, Object> detail(String issuer, SyncRow row, Outcome outcome) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("outcome", outcome.name());
        detail.put("issuer", issuer);
        detail.put("subject", row.subject());
        detail.put("roles", row.roles());
        detail.put("active", row.active());
        return detail;
    }

    private static Account account(io.r2dbc.spi.Readable r) {
        String[] roles = r.get("roles", String[].class);
        return new Account(
                Objects.requireNonNull(r.get("id", UUID.class)),
                Objects.requireNonNull(r.get("username", String.class)),
                Objects.requireNonNull(r.get("display_name", String.class)),
                Objects.requireNonNull(r.get("status", String.class)),
                r.get("scope_unit", String.class),
                roles == null ? List.of() : Arrays.asList(roles),
                r.get("phone", String.class));
    }

    /** Parses the rows of a request body; a malformed row becomes a reported failure, not a failed request. */
    public static List<Parsed> parse(List<?> rows) {
        List<Parsed> parsed = new ArrayList<>(rows.size());
        for (Object raw : rows) {
            if (!(raw instanceof Map<?, ?> map)) {
                parsed.add(new Parsed(null, null, "a row must be an object"));
                continue;
            }
            String subject = map.get("subject") instanceof String s ? s : null;
            try {
                parsed.add(new Parsed(
                        subject,
                        new SyncRow(
                                Objects.requireNonNullElse(subject, ""),
                                text(map, "username"),
                                text(map, "displayName"),
                                optionalText(map, "phone"),
                                optionalText(map, "scopeUnit"),
                                roles(map.get("roles")),
                                active(map.get("active"))),
                        null));
            } catch (IllegalArgumentException e) {
                parsed.add(new Parsed(subject, null, e.getMessage()));
            }
        }
        return parsed;
    }

    private static String text(Map<?, ?> map, String field) {
        Object value = map.get(field);
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException(field + " is required and must be text");
        }
        return s;
    }

    private static @Nullable String optionalText(Map<?, ?> map, String field) {
        Object value = map.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException(field + " must be text");
        }
        return s.isBlank() ? null : s;
    }

    private static List<String> roles(@Nullable Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new IllegalArgumentException("roles must be a list of role codes");
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static boolean active(@Nullable Object value) {
        if (value == null) {
            throw new IllegalArgumentException("active is required (true or false)");
        }
        if (!(value instanceof Boolean b)) {
            throw new IllegalArgumentException("active must be true or false");
        }
        return b;
    }
}

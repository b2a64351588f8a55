package cn.hotline.call.admission;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The tenants' blacklists (bound to the tenant: row-level security keeps them apart) and the platform's list.
 * Expired entries are ignored by {@link #match} and not listed.
 */
public final class Blacklists {

    private static final String COLUMNS = "id, number, reason, expires_at, created_at, created_by";

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public Blacklists(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /** The list the caller is on, tenant's first; empty when on neither. */
    Mono<BlacklistScope> match(TenantId tenant, String number) {
        Mono<BlacklistScope> own = inTenant(
                tenant,
                db.sql("SELECT 1 FROM call_blacklist WHERE number = $1 AND (expires_at IS NULL OR expires_at > now())")
                        .bind(0, number)
                        .map(row -> BlacklistScope.TENANT)
                        .first());
        Mono<BlacklistScope> platform = onPlatform(db.sql(
                        "SELECT 1 FROM platform_blacklist WHERE number = $1 AND (expires_at IS NULL OR expires_at > now())")
                .bind(0, number)
                .map(row -> BlacklistScope.PLATFORM)
                .first());
        return own.switchIfEmpty(platform);
    }

    public Flux<BlacklistEntry> list(TenantId tenant) {
        return inTenant(
                        tenant,
                        db.sql("SELECT " + COLUMNS + " FROM call_blacklist"
                                        + " WHERE expires_at IS NULL OR expires_at > now() ORDER BY created_at, id")
                                .map(row -> entry(row, BlacklistScope.TENANT))
                                .all()
                                .collectList())
                .flatMapMany(Flux::fromIterable);
    }

    public Flux<BlacklistEntry> listPlatform() {
        return onPlatform(db.sql("SELECT " + COLUMNS + " FROM platform_blacklist"
                                + " WHERE expires_at IS NULL OR expires_at > now() ORDER BY created_at, id")
                        .map(row -> entry(row, BlacklistScope.PLATFORM))
                        .all()
                        .collectList())
                .flatMapMany(Flux::fromIterable);
    }

    /** Adds the number, or replaces reason and expiry of the entry it already has. */
    public Mono<BlacklistEntry> add(
            TenantId tenant, String number, String reason, @Nullable Instant expiresAt, String by) {
        return inTenant(
                tenant,
                bindExpiry(
                                db.sql(
                                                "INSERT INTO call_blacklist (tenant_id, id, number, reason, expires_at, created_by)"
                                                        + " VALUES ($1, $2, $3, $4, $5, $6)"
                                                        + " ON CONFLICT (tenant_id, number) DO UPDATE SET reason = $4,"
                                                        + " expires_at = $5, created_by = $6, created_at = now()"
                                                        + " RETURNING " + COLUMNS)
                                        .bind(0, tenant.value())
                                        .bind(1, Uuids.v7())
                                        .bind(2, number)
                                        .bind(3, reason),
                                4,
                                expiresAt)
                        .bind(5, by)
                        .map(row -> entry(row, BlacklistScope.TENANT))
                        .one());
    }

    public Mono<BlacklistEntry> addPlatform(String number, String reason, @Nullable Instant expiresAt, String by) {
        return onPlatform(bindExpiry(
                        db.sql("INSERT INTO platform_blacklist (id, number, reason, expires_at, created_by)"
                                        + " VALUES ($1, $2, $3, $4, $5)"
                                        + " ON CONFLICT (number) DO UPDATE SET reason = $3, expires_at = $4,"
                                        + " created_by = $5, created_at = now() RETURNING " + COLUMNS)
                                .bind(0, Uuids.v7())
                                .bind(1, number)
                                .bind(2, reason),
                        3,
                        expiresAt)
                .bind(4, by)
                .map(row -> entry(row, BlacklistScope.PLATFORM))
                .one());
    }

    /** Removes the entry; emits false when the tenant has no such entry. */
    public Mono<Boolean> remove(TenantId tenant, UUID id) {
        return inTenant(
                tenant,
                db.sql("DELETE FROM call_blacklist WHERE id = $1")
                        .bind(0, id)
                        .fetch()
                        .rowsUpdated()
                        .map(rows -> rows > 0));
    }

    public Mono<Boolean> removePlatform(UUID id) {
        return onPlatform(db.sql("DELETE FROM platform_blacklist WHERE id = $1")
                .bind(0, id)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows > 0));
    }

    private static DatabaseClient.GenericExecuteSpec bindExpiry(
            DatabaseClient.GenericExecuteSpec spec, int index, @Nullable Instant expiresAt) {
        return expiresAt == null
                ? spec.bindNull(index, OffsetDateTime.class)
                : spec.bind(index, expiresAt.atOffset(ZoneOffset.UTC));
    }

    private <T> Mono<T> inTenant(TenantId tenant, Mono<T> work) {
        return Tenancy.runAs(TenantContext.of(tenant), tx.transactional(work));
    }

    private <T> Mono<T> onPlatform(Mono<T> work) {
        return Tenancy.runAs(TenantContext.platform("platform blacklist"), tx.transactional(work));
    }

    private static BlacklistEntry entry(Readable row, BlacklistScope scope) {
        OffsetDateTime expires = row.get("expires_at", OffsetDateTime.class);
        return new BlacklistEntry(
                Objects.requireNonNull(row.get("id", UUID.class)),
                scope,
                Objects.requireNonNull(row.get("number", String.class)),
                Objects.requireNonNull(row.get("reason", String.class)),
                Optional.ofNullable(expires).map(OffsetDateTime::toInstant).orElse(null),
                Objects.requireNonNull(row.get("created_at", OffsetDateTime.class))
                        .toInstant(),
                Objects.requireNonNull(row.get("created_by", String.class)));
    }
}

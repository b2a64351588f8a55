package cn.hotline.tenant.audit;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Support grants: an operator asks, with a reason, to see one tenant's data for at most eight hours. Granting and
 * revoking are audited in the tenant's chain (so its admins see them) in the same transaction.
 */
@Component
public class SupportGrants {

    /** The longest a grant may last. */
    public static final Duration MAX = Duration.ofHours(8);

    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final AuditLog audit;
    private final Clock clock = Clock.systemUTC();

    SupportGrants(DatabaseClient db, TransactionalOperator transactions, AuditLog audit) {
        this.db = db;
        this.transactions = transactions;
        this.audit = audit;
    }

    public Mono<SupportGrant> grant(TenantId tenant, String operator, String reason, Duration duration) {
        if (reason == null || reason.strip().length() < 10 || reason.length() > 1000) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "A support grant needs a reason of 10 to 1000 characters."));
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX) > 0) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "A support grant lasts between 1 minute and 8 hours."));
        }
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        SupportGrant grant =
                new SupportGrant(Uuids.v7(), tenant.value(), operator, reason.strip(), now, now.plus(duration), null);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("grant", grant.id().toString());
        detail.put("reason", grant.reason());
        detail.put("expiresAt", grant.expiresAt().toString());
        Mono<SupportGrant> work = db.sql("SELECT 1 FROM tenant WHERE slug = $1")
                .bind(0, tenant.value())
                .map(row -> 1)
                .one()
                .switchIfEmpty(
                        Mono.error(() -> new ProblemException(ProblemCode.NOT_FOUND, "No tenant '" + tenant + "'.")))
                .then(db.sql("INSERT INTO support_grant (id, tenant_slug, operator, reason, granted_at, expires_at)"
                                + " VALUES ($1, $2, $3, $4, $5, $6)")
                        .bind(0, grant.id())
                        .bind(1, grant.tenant())
                        .bind(2, operator)
                        .bind(3, grant.reason())
                        .bind(4, grant.grantedAt().atOffset(ZoneOffset.UTC))
                        .bind(5, grant.expiresAt().atOffset(ZoneOffset.UTC))
                        .fetch()
                        .rowsUpdated())
                .then(audit.record(tenant, operator, "support.granted", "tenant:" + tenant, detail))
                .thenReturn(grant);
        return platform(transactions.transactional(work));
    }

    public Mono<SupportGrant> revoke(TenantId tenant, UUID id, String operator) {
        Mono<SupportGrant> work = db.sql(
                        "UPDATE support_grant SET revoked_at = now() WHERE id = $1 AND tenant_slug = $2"
                                + " AND revoked_at IS NULL RETURNING *")
                .bind(0, id)
                .bind(1, tenant.value())
                .map(SupportGrants::grant)
                .one()
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.NOT_FOUND, "No active support grant " + id + " for tenant " + tenant + ".")))
                .flatMap(grant -> audit.record(
                                tenant, operator, "support.revoked", "tenant:" + tenant, Map.of("grant", id.toString()))
                        .thenReturn(grant));
        return platform(transactions.transactional(work));
    }

    /** The grants of one tenant, newest first. */
    public Flux<SupportGrant> of(TenantId tenant) {
        return platform(transactions.transactional(
                        db.sql("SELECT * FROM support_grant WHERE tenant_slug = $1 ORDER BY granted_at DESC LIMIT 200")
                                .bind(0, tenant.value())
                                .map(SupportGrants::grant)
                                .all()
                                .collectList()))
                .flatMapMany(Flux::fromIterable);
    }

    /** Whether {@code operator} may see {@code tenant}'s data now. */
    public Mono<Boolean> isActive(TenantId tenant, String operator) {
        return of(tenant).any(grant -> grant.operator().equals(operator) && grant.activeAt(clock.instant()));
    }

    private static SupportGrant grant(Readable row) {
        OffsetDateTime revoked = row.get("revoked_at", OffsetDateTime.class);
        return new SupportGrant(
                Objects.requireNonNull(row.get("id", UUID.class)),
                Objects.requireNonNull(row.get("tenant_slug", String.class)),
                Objects.requireNonNull(row.get("operator", String.class)),
                Objects.requireNonNull(row.get("reason", String.class)),
                Objects.requireNonNull(row.get("granted_at", OffsetDateTime.class))
                        .toInstant(),
                Objects.requireNonNull(row.get("expires_at", OffsetDateTime.class))
                        .toInstant(),
                revoked == null ? null : revoked.toInstant());
    }

    private static <T> Mono<T> platform(Mono<T> work) {
        return Tenancy.runAs(TenantContext.platform("support grants"), work);
    }
}

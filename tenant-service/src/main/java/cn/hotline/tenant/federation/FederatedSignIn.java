package cn.hotline.tenant.federation;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.tenant.audit.AuditLog;
import cn.hotline.tenant.directory.AuthenticationResult;
import cn.hotline.tenant.directory.TenantStatusLookup;
import cn.hotline.tenant.directory.TenantTransactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Maps a subject that the tenant's upstream provider authenticated to the linked local account, for auth-server's
 * {@code POST /internal/federated-authentication}. Only the issuer currently configured for the tenant counts (links
 * made under an issuer the tenant has since dropped sign nobody in); a disabled account is as good as no link; a
 * locked one stays locked (the lockout from password failures applies to every way in). Audited as {@code
 * login.federated} or {@code login.federated-refused}.
 */
@Component
public final class FederatedSignIn {

    private final DatabaseClient db;
    private final TenantTransactions tx;
    private final TenantStatusLookup tenants;
    private final AuditLog audit;
    private final Clock clock;

    FederatedSignIn(
            DatabaseClient db,
            TenantTransactions tx,
            TenantStatusLookup tenants,
            AuditLog audit,
            ObjectProvider<Clock> clock) {
        this.db = db;
        this.tx = tx;
        this.tenants = tenants;
        this.audit = audit;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    private record Linked(
            UUID id,
            String status,
            @Nullable String scopeUnit,
            String[] roles,
            String displayName,
            @Nullable OffsetDateTime lockedUntil) {}

    public Mono<AuthenticationResult> authenticate(String tenant, String issuer, String subject) {
        TenantId id;
        try {
            id = TenantId.of(tenant);
        } catch (IllegalArgumentException e) {
            return Mono.just(new AuthenticationResult.UnknownTenant());
        }
        if (TenantStatusLookup.PLATFORM.equals(tenant)) {
            // The operator signs in locally only.
            return Mono.just(new AuthenticationResult.UnknownTenant());
        }
        return tenants.isActive(tenant)
                .flatMap(active -> active
                        ? tx.run(TenantContext.of(id), attempt(id, issuer, subject))
                        : Mono.just(new AuthenticationResult.UnknownTenant()));
    }

    private Mono<AuthenticationResult> attempt(TenantId tenant, String issuer, String subject) {
        return db.sql("SELECT u.id, u.status, u.scope_unit, u.roles, u.display_name, u.locked_until"
                        + " FROM federated_identity f"
                        + " JOIN federation_settings s ON s.tenant_id = f.tenant_id AND s.issuer = f.issuer"
                        + " JOIN directory_user u ON u.id = f.user_id AND u.tenant_id = f.tenant_id"
                        + " WHERE f.issuer = :issuer AND f.subject = :subject")
                .bind("issuer", issuer)
                .bind("subject", subject)
                .map(row -> new Linked(
                        Objects.requireNonNull(row.get("id", UUID.class)),
                        Objects.requireNonNull(row.get("status", String.class)),
                        row.get("scope_unit", String.class),
                        Objects.requireNonNull(row.get("roles", String[].class)),
                        Objects.requireNonNull(row.get("display_name", String.class)),
                        row.get("locked_until", OffsetDateTime.class)))
                .one()
                .map(linked -> decide(tenant, linked))
                .defaultIfEmpty(new AuthenticationResult.UnknownTenant())
                .flatMap(result -> record(tenant, issuer, subject, result).thenReturn(result));
    }

    private AuthenticationResult decide(TenantId tenant, Linked linked) {
        Instant now = clock.instant();
        if (linked.lockedUntil() != null && linked.lockedUntil().toInstant().isAfter(now)) {
            return new AuthenticationResult.Locked(
                    Duration.between(now, linked.lockedUntil().toInstant()));
        }
        if (!"ACTIVE".equals(linked.status())) {
            return new AuthenticationResult.UnknownTenant();
        }
        return new AuthenticationResult.Authenticated(
                linked.id(), tenant.value(), linked.scopeUnit(), Arrays.asList(linked.roles()), linked.displayName());
    }

    private Mono<Void> record(TenantId tenant, String issuer, String subject, AuthenticationResult result) {
        String outcome =
                switch (result) {
                    case AuthenticationResult.Authenticated a -> "SUCCEEDED";
                    case AuthenticationResult.Locked l -> "LOCKED";
                    default -> "NO_ACTIVE_LINK";
                };
        String actor = result instanceof AuthenticationResult.Authenticated a ? "user:" + a.userId() : "anonymous";
        return audit.record(
                        tenant,
                        actor,
                        outcome.equals("SUCCEEDED") ? "login.federated" : "login.federated-refused",
                        "subject:" + subject,
                        Map.of("issuer", issuer, "outcome", outcome))
                .then();
    }
}

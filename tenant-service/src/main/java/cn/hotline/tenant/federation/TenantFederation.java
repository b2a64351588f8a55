package cn.hotline.tenant.federation;

import cn.hotline.kernel.crypto.PersonalDataCipher;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.tenant.audit.AuditLog;
import cn.hotline.tenant.directory.TenantTransactions;
import cn.hotline.tenant.registry.TenantFederationSource;
import io.r2dbc.spi.Readable;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A tenant's federation settings. The client secret is sealed at rest with the kernel's {@link PersonalDataCipher}
 * (SM4, bound to the tenant) when one is configured, else stored as is and marked {@code PLAIN}; it leaves the
 * service only through {@link #federationOf} (the internal answer auth-server reads). Every change is audited
 * ({@code federation.configured}, {@code federation.removed}) without the secret.
 */
@Component
public final class TenantFederation implements TenantFederationSource {

    private static final String COLUMNS =
            "issuer, client_id, client_secret, secret_sealing, scopes, display_name, updated_at";

    private final DatabaseClient db;
    private final TenantTransactions tx;
    private final AuditLog audit;
    private final @Nullable PersonalDataCipher cipher;

    TenantFederation(
            DatabaseClient db, TenantTransactions tx, AuditLog audit, ObjectProvider<PersonalDataCipher> cipher) {
        this.db = db;
        this.tx = tx;
        this.audit = audit;
        this.cipher = cipher.getIfAvailable();
    }

    private record Stored(
            String issuer,
            String clientId,
            byte[] secret,
            String sealing,
            java.util.List<String> scopes,
            @Nullable String displayName,
            OffsetDateTime updatedAt) {}

    /** The tenant's settings as its admin sees them (no secret); empty when it signs in locally. */
    public Mono<FederationView> view(TenantId tenant) {
        return tx.run(TenantContext.of(tenant), stored()).map(TenantFederation::view);
    }

    /** The configured upstream issuer, if any. */
    public Mono<String> issuer(TenantId tenant) {
        return tx.run(TenantContext.of(tenant), stored()).map(Stored::issuer);
    }

    @Override
    public Mono<Object> federationOf(TenantId tenant) {
        return tx.run(TenantContext.of(tenant), stored())
                .map(s -> new UpstreamProvider(s.issuer(), s.clientId(), open(tenant, s), s.scopes(), s.displayName()));
    }

    /** Creates or replaces the settings; a missing secret keeps the stored one (400 when there is none). */
    public Mono<FederationView> configure(TenantId tenant, FederationSettings settings, String actor) {
        Mono<FederationView> work = stored().map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(before -> {
                    byte[] secret;
                    String sealing;
                    if (settings.clientSecret() != null) {
                        sealing = cipher != null ? "SM4" : "PLAIN";
                        secret = seal(tenant, settings.clientSecret());
                    } else if (before.isPresent()) {
                        secret = before.get().secret();
                        sealing = before.get().sealing();
                    } else {
                        return Mono.error(new ProblemException(
                                ProblemCode.VALIDATION_FAILED,
                                "clientSecret is required when federation is first configured",
                                Map.of("field", "clientSecret")));
                    }
                    return db.sql("INSERT INTO federation_settings (tenant_id, issuer, client_id, client_secret,"
                                    + " secret_sealing, scopes, display_name) VALUES (:t, :issuer, :client, :secret,"
                                    + " :sealing, :scopes, :name) ON CONFLICT (tenant_id) DO UPDATE SET"
                                    + " issuer = EXCLUDED.issuer, client_id = EXCLUDED.client_id,"
                                    + " client_secret = EXCLUDED.client_secret, secret_sealing = EXCLUDED.secret_sealing,"
                                    + " scopes = EXCLUDED.scopes, display_name = EXCLUDED.display_name,"
                                    + " updated_at = now() RETURNING " + COLUMNS)
                            .bind("t", tenant.value())
                            .bind("issuer", settings.issuer())
                            .bind("client", settings.clientId())
                            .bind("secret", java.nio.ByteBuffer.wrap(secret))
                            .bind("sealing", sealing)
                            .bind("scopes", settings.scopes().toArray(String[]::new))
                            .bind("name", Parameter.fromOrEmpty(settings.displayName(), String.class))
                            .map(TenantFederation::stored)
                            .one()
                            .flatMap(after -> audit.record(
                                            tenant,
                                            actor,
                                            "federation.configured",
                                            "tenant:" + tenant.value(),
                                            detail(before.orElse(null), after, settings.clientSecret() != null))
                                    .thenReturn(view(after)));
                });
        return tx.run(TenantContext.of(tenant), work);
    }

    /** Back to local sign-in: removes the settings (links stay, but no federated sign-in succeeds without them). */
    public Mono<Boolean> remove(TenantId tenant, String actor) {
        return tx.run(
                TenantContext.of(tenant),
                db.sql("DELETE FROM federation_settings RETURNING issuer")
                        .map(row -> Objects.requireNonNull(row.get("issuer", String.class)))
                        .one()
                        .flatMap(issuer -> audit.record(
                                        tenant,
                                        actor,
                                        "federation.removed",
                                        "tenant:" + tenant.value(),
                                        Map.of("issuer", issuer))
                                .thenReturn(true))
                        .defaultIfEmpty(false));
    }

    private Mono<Stored> stored() {
        return db.sql("SELECT " + COLUMNS + " FROM federation_settings")
                .map(TenantFederation::stored)
                .one();
    }

    private byte[] seal(TenantId tenant, String secret) {
        return cipher != null ? cipher.seal(tenant, secret) : secret.getBytes(StandardCharsets.UTF_8);
    }

    private String open(TenantId tenant, Stored stored) {
        if ("SM4".equals(stored.sealing())) {
            if (cipher == null) {
                throw new IllegalStateException("tenant " + tenant + "'s federation secret is sealed with SM4,"
                        + " but no cc.crypto.personal-data key is configured");
            }
            return cipher.open(tenant, stored.secret());
        }
        return new String(stored.secret(), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> detail(@Nullable Stored before, Stored after, boolean secretChanged) {
        Map<String, Object> detail = new LinkedHashMap<>();
        if (before != null) {
            detail.put("before", Map.of("issuer", before.issuer(), "clientId", before.clientId()));
        }
        detail.put("issuer", after.issuer());
        detail.put("clientId", after.clientId());
        detail.put("scopes", after.scopes());
        detail.put("secretChanged", secretChanged);
        return detail;
    }

    private static Stored stored(Readable row) {
        java.nio.ByteBuffer secret = Objects.requireNonNull(row.get("client_secret", java.nio.ByteBuffer.class));
        byte[] bytes = new byte[secret.remaining()];
        secret.get(bytes);
        String[] scopes = row.get("scopes", String[].class);
        return new Stored(
                Objects.requireNonNull(row.get("issuer", String.class)),
                Objects.requireNonNull(row.get("client_id", String.class)),
                bytes,
                Objects.requireNonNull(row.get("secret_sealing", String.class)),
                scopes == null ? java.util.List.of() : Arrays.asList(scopes),
                row.get("display_name", String.class),
                Objects.requireNonNull(row.get("updated_at", OffsetDateTime.class)));
    }

    private static FederationView view(Stored stored) {
        return new FederationView(
                stored.issuer(),
                stored.clientId(),
                stored.scopes(),
                stored.displayName(),
                stored.secret().length > 0,
                stored.sealing(),
                stored.updatedAt().toInstant());
    }
}

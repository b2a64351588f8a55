package cn.hotline.ticket.city;

import cn.hotline.kernel.crypto.PersonalDataCipher;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tenant's exchange settings in {@code cc_ticket}: inbound and outbound signing secrets (several active while
 * rotating; sealed at rest with the kernel's {@link PersonalDataCipher}, bound to the tenant, when keys are configured)
 * and the endpoint with its field mapping. Callers run it inside a tenant transaction.
 */
@Component
final class CitySettings {

    enum Direction {
        INBOUND("city_inbound_secret"),
        OUTBOUND("city_outbound_secret");

        final String table;

        Direction(String table) {
            this.table = table;
        }
    }

    /** A secret as listed: never the secret itself. */
    record SecretInfo(UUID id, Instant createdAt, @Nullable Instant revokedAt) {}

    private static final Logger log = LoggerFactory.getLogger(CitySettings.class);

    private final DatabaseClient db;
    private final JsonMapper json;
    private final @Nullable PersonalDataCipher cipher;

    CitySettings(DatabaseClient db, JsonMapper json, ObjectProvider<PersonalDataCipher> cipher) {
        this.db = db;
        this.json = json;
        this.cipher = cipher.getIfAvailable();
        if (this.cipher == null) {
            // an explicit fail-open on confidentiality, for a service started without keys (./run supplies them)
            log.warn("No personal-data keys (cc.crypto.personal-data): city exchange secrets are stored unsealed");
        }
    }

    /** Records that the tenant takes part in the exchange, so the relay and the worker visit it. */
    Mono<Void> register(TenantId tenant) {
        return db.sql("INSERT INTO city_exchange_tenant (tenant) VALUES (:t) ON CONFLICT DO NOTHING")
                .bind("t", tenant.value())
                .fetch()
                .rowsUpdated()
                .then();
    }

    /** Tenants that take part (platform work: slugs only). */
    Flux<TenantId> tenants() {
        return db.sql("SELECT tenant FROM city_exchange_tenant ORDER BY tenant")
                .map(row -> TenantId.of(Objects.requireNonNull(row.get("tenant", String.class))))
                .all();
    }

    Mono<List<WebhookSecret>> activeSecrets(Direction direction) {
        return db.sql("SELECT tenant_id, sealing, secret FROM " + direction.table
                        + " WHERE revoked_at IS NULL ORDER BY created_at")
                .map(row -> open(
                        Objects.requireNonNull(row.get("tenant_id", String.class)),
                        Objects.requireNonNull(row.get("sealing", String.class)),
                        Objects.requireNonNull(row.get("secret", String.class))))
                .all()
                .collectList();
    }

    private WebhookSecret open(String tenant, String sealing, String stored) {
        if (sealing.equals("PLAIN")) {
            return WebhookSecret.parse(stored);
        }
        if (cipher == null) {
            throw new IllegalStateException("a sealed city secret of " + tenant + " needs the personal-data keys");
        }
        return WebhookSecret.parse(
                cipher.open(TenantId.of(tenant), Base64.getDecoder().decode(stored)));
    }

    Mono<UUID> addSecret(TenantId tenant, Direction direction, WebhookSecret secret) {
        UUID id = Uuids.v7();
        return register(tenant)
                .then(db.sql("INSERT INTO " + direction.table + " (tenant_id, id, sealing, secret)"
                                + " VALUES (:t, :id, :sealing, :s)")
                        .bind("t", tenant.value())
                        .bind("id", id)
                        .bind("sealing", cipher == null ? "PLAIN" : "SM4")
                        .bind(
                                "s",
                                cipher == null
                                        ? secret.encoded()
                                        : Base64.getEncoder().encodeToString(cipher.seal(tenant, secret.encoded())))
                        .fetch()
                        .rowsUpdated())
                .thenReturn(id);
    }

    Mono<List<SecretInfo>> secrets(Direction direction) {
        return db.sql("SELECT id, created_at, revoked_at FROM " + direction.table + " ORDER BY created_at, id")
                .map(row -> {
                    OffsetDateTime revoked = row.get("revoked_at", OffsetDateTime.class);
                    return new SecretInfo(
                            Objects.requireNonNull(row.get("id", UUID.class)),
                            Objects.requireNonNull(row.get("created_at", OffsetDateTime.class))
                                    .toInstant(),
                            revoked == null ? null : revoked.toInstant());
                })
                .all()
                .collectList();
    }

    /** Revokes one secret; false when there is no such active secret. */
    Mono<Boolean> revokeSecret(Direction direction, UUID id) {
        return db.sql("UPDATE " + direction.table + " SET revoked_at = clock_timestamp() WHERE id = :id"
                        + " AND revoked_at IS NULL")
                .bind("id", id)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    Mono<CityEndpoint> endpoint() {
        return db.sql("SELECT mode, url, mapping::text AS mapping FROM city_endpoint")
                .map(row -> {
                    String url = row.get("url", String.class);
                    return new CityEndpoint(
                            CityEndpoint.Mode.valueOf(Objects.requireNonNull(row.get("mode", String.class))),
                            url == null ? null : URI.create(url),
                            FieldMapping.of(json.readTree(Objects.requireNonNull(row.get("mapping", String.class)))));
                })
                .one();
    }

    Mono<CityEndpoint> putEndpoint(TenantId tenant, CityEndpoint endpoint) {
        URI url = endpoint.url();
        var spec = db.sql("INSERT INTO city_endpoint (tenant_id, mode, url, mapping) VALUES (:t, :mode, :url,"
                        + " CAST(:mapping AS jsonb)) ON CONFLICT (tenant_id) DO UPDATE SET mode = EXCLUDED.mode,"
                        + " url = EXCLUDED.url, mapping = EXCLUDED.mapping, updated_at = clock_timestamp()")
                .bind("t", tenant.value())
                .bind("mode", endpoint.mode().name())
                .bind("mapping", json.writeValueAsString(endpoint.mapping().toJson()));
        spec = url == null ? spec.bindNull("url", String.class) : spec.bind("url", url.toString());
        return register(tenant).then(spec.fetch().rowsUpdated()).thenReturn(endpoint);
    }
}

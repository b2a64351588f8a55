package cn.hotline.ticket.city;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.security.Callers;
import cn.hotline.kernel.security.Role;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * The tenant administrator's settings of the city exchange ({@code TENANT_ADMIN} only): inbound secrets (the city
 * signs with them), outbound secrets (we sign with them; every active one signs, for rotation), the endpoint with its
 * mode and field mapping, and the dead letters. A secret is shown once, when it is created; lists never show it.
 */
@RestController
final class CitySettingsController {

    private final CitySettings settings;
    private final CityTransactions tx;
    private final org.springframework.r2dbc.core.DatabaseClient db;

    CitySettingsController(
            CitySettings settings, CityTransactions tx, org.springframework.r2dbc.core.DatabaseClient db) {
        this.settings = settings;
        this.tx = tx;
        this.db = db;
    }

    record NewSecret(@Nullable String secret) {}

    record SecretCreated(UUID id, String secret) {}

    record EndpointBody(@Nullable String mode, @Nullable String url, @Nullable JsonNode mapping) {}

    record EndpointView(String mode, @Nullable String url, JsonNode mapping) {
        static EndpointView of(CityEndpoint endpoint) {
            URI url = endpoint.url();
            return new EndpointView(
                    endpoint.mode().name(),
                    url == null ? null : url.toString(),
                    endpoint.mapping().toJson());
        }
    }

    record DeadLetter(String idempotencyKey, int attempts, @Nullable String lastError, Instant at) {}

    @GetMapping("/tenants/{tenant}/city/inbound-secrets")
    Mono<List<CitySettings.SecretInfo>> inboundSecrets(@PathVariable String tenant) {
        return admin(tenant).flatMap(t -> tx.run(t, settings.secrets(CitySettings.Direction.INBOUND)));
    }

    @PostMapping("/tenants/{tenant}/city/inbound-secrets")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SecretCreated> addInboundSecret(
            @PathVariable String tenant, @RequestBody(required = false) @Nullable NewSecret body) {
        return add(tenant, CitySettings.Direction.INBOUND, body);
    }

    @DeleteMapping("/tenants/{tenant}/city/inbound-secrets/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> revokeInboundSecret(@PathVariable String tenant, @PathVariable String id) {
        return revoke(tenant, CitySettings.Direction.INBOUND, id);
    }

    @GetMapping("/tenants/{tenant}/city/outbound-secrets")
    Mono<List<CitySettings.SecretInfo>> outboundSecrets(@PathVariable String tenant) {
        return admin(tenant).flatMap(t -> tx.run(t, settings.secrets(CitySettings.Direction.OUTBOUND)));
    }

    @PostMapping("/tenants/{tenant}/city/outbound-secrets")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SecretCreated> addOutboundSecret(
            @PathVariable String tenant, @RequestBody(required = false) @Nullable NewSecret body) {
        return add(tenant, CitySettings.Direction.OUTBOUND, body);
    }

    @DeleteMapping("/tenants/{tenant}/city/outbound-secrets/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> revokeOutboundSecret(@PathVariable String tenant, @PathVariable String id) {
        return revoke(tenant, CitySettings.Direction.OUTBOUND, id);
    }

    @GetMapping("/tenants/{tenant}/city/endpoint")
    Mono<EndpointView> endpoint(@PathVariable String tenant) {
        return admin(tenant)
                .flatMap(t -> tx.run(t, settings.endpoint()))
                .map(EndpointView::of)
                .switchIfEmpty(Mono.error(
                        () -> new ProblemException(ProblemCode.NOT_FOUND, "No city endpoint is configured yet.")));
    }

    @PutMapping("/tenants/{tenant}/city/endpoint")
    Mono<EndpointView> putEndpoint(@PathVariable String tenant, @RequestBody EndpointBody body) {
        return admin(tenant).flatMap(t -> {
            CityEndpoint endpoint = parse(body);
            return tx.run(t, settings.putEndpoint(t, endpoint)).map(EndpointView::of);
        });
    }

    @GetMapping("/tenants/{tenant}/city/dead-letters")
    Mono<List<DeadLetter>> deadLetters(@PathVariable String tenant) {
        return admin(tenant)
                .flatMap(t -> tx.run(
                        t,
                        db.sql(
                                        "SELECT idempotency_key, attempts, last_error, at FROM city_delivery WHERE status = 'DEAD'"
                                                + " ORDER BY at DESC LIMIT 500")
                                .map(row -> new DeadLetter(
                                        java.util.Objects.requireNonNull(row.get("idempotency_key", String.class)),
                                        java.util.Objects.requireNonNull(row.get("attempts", Integer.class)),
                                        row.get("last_error", String.class),
                                        java.util.Objects.requireNonNull(row.get("at", java.time.OffsetDateTime.class))
                                                .toInstant()))
                                .all()
                                .collectList()));
    }

    /**
     * Sends a dead change again (after the city's endpoint or secret was fixed): the outbox row is relayed anew and the
     * delivery starts over with a fresh attempt count, under the same idempotency key.
     */
    @PostMapping("/tenants/{tenant}/city/dead-letters/{key}/redrive")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Void> redrive(@PathVariable String tenant, @PathVariable String key) {
        return admin(tenant).flatMap(t -> tx.run(
                        t,
                        db.sql("UPDATE city_delivery SET status = 'REDRIVEN', at = clock_timestamp()"
                                        + " WHERE idempotency_key = :key AND status = 'DEAD'")
                                .bind("key", key)
                                .fetch()
                                .rowsUpdated()
                                .filter(rows -> rows == 1)
                                .flatMap(rows -> db.sql("UPDATE city_outbox SET relayed_at = NULL, attempts = 0,"
                                                + " last_error = NULL, next_attempt_at = clock_timestamp()"
                                                + " WHERE idempotency_key = :key")
                                        .bind("key", key)
                                        .fetch()
                                        .rowsUpdated()))
                .switchIfEmpty(Mono.error(
                        () -> new ProblemException(ProblemCode.NOT_FOUND, "No dead change with this idempotency key.")))
                .then());
    }

    private Mono<SecretCreated> add(String tenant, CitySettings.Direction direction, @Nullable NewSecret body) {
        return admin(tenant).flatMap(t -> {
            Mono<WebhookSecret> secret;
            if (body == null || body.secret() == null) {
                // SecureRandom may read the OS entropy source: not on the event loop
                secret = Mono.fromCallable(WebhookSecret::generate).subscribeOn(Schedulers.boundedElastic());
            } else {
                try {
                    secret = Mono.just(WebhookSecret.parse(body.secret()));
                } catch (IllegalArgumentException e) {
                    return Mono.error(new ProblemException(
                            ProblemCode.VALIDATION_FAILED, e.getMessage(), Map.of("field", "secret")));
                }
            }
            return secret.flatMap(
                    s -> tx.run(t, settings.addSecret(t, direction, s)).map(id -> new SecretCreated(id, s.encoded())));
        });
    }

    private Mono<Void> revoke(String tenant, CitySettings.Direction direction, String id) {
        return admin(tenant).flatMap(t -> {
            UUID uuid;
            try {
                uuid = UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                return Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No such active secret."));
            }
            return tx.run(t, settings.revokeSecret(direction, uuid))
                    .flatMap(revoked -> revoked
                            ? Mono.<Void>empty()
                            : Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No such active secret.")));
        });
    }

    private static CityEndpoint parse(EndpointBody body) {
        try {
            CityEndpoint.Mode mode;
            try {
                mode = CityEndpoint.Mode.valueOf(String.valueOf(body.mode()));
            } catch (IllegalArgumentException e) {
                throw new CityFields.InvalidField("mode", "must be PUSH or PULL");
            }
            URI url = null;
            if (body.url() != null) {
                try {
                    url = new URI(body.url());
                } catch (URISyntaxException e) {
                    throw new CityFields.InvalidField("url", "is not a URL");
                }
            }
            return new CityEndpoint(mode, url, FieldMapping.of(body.mapping()));
        } catch (CityFields.InvalidField invalid) {
            throw new ProblemException(
                    ProblemCode.VALIDATION_FAILED, invalid.getMessage(), Map.of("field", invalid.field()));
        }
    }

    /** The path's tenant when the caller is its administrator (the kernel already refused other tenants with 404). */
    private static Mono<TenantId> admin(String tenant) {
        return Callers.current()
                .filter(caller -> caller.tenant().value().equals(tenant))
                .switchIfEmpty(Mono.error(() -> new ProblemException(ProblemCode.NOT_FOUND, "Not found.")))
                .filter(caller -> caller.has(Role.TENANT_ADMIN))
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.FORBIDDEN, "Only the tenant administrator manages the city exchange.")))
                .map(Caller::tenant);
    }
}

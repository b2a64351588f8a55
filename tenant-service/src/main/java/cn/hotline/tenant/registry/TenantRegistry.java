package cn.hotline.tenant.registry;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.WorkstationId;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The platform's registry of tenants and their workstations. Tenant rows are platform data (no row-level security);
 * workstation rows belong to their tenant and are written and read bound to it. Every call joins the caller's
 * transaction if there is one.
 */
@Component
public class TenantRegistry {

    private static final String COLUMNS =
            "slug, name, kind, hotline_numbers, status, status_reason, created_at, updated_at";

    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final List<TenantStatusListener> listeners;

    TenantRegistry(
            DatabaseClient db,
            TransactionalOperator transactions,
            org.springframework.beans.factory.ObjectProvider<TenantStatusListener> listeners) {
        this.db = db;
        this.transactions = transactions;
        this.listeners = listeners.orderedStream().toList();
    }

    public Mono<Tenant> find(TenantId slug) {
        return platform(db.sql("SELECT " + COLUMNS + " FROM tenant WHERE slug = $1")
                .bind(0, slug.value())
                .map(TenantRegistry::tenant)
                .one());
    }

    public Flux<Tenant> list() {
        return platform(db.sql("SELECT " + COLUMNS + " FROM tenant ORDER BY slug")
                        .map(TenantRegistry::tenant)
                        .all()
                        .collectList())
                .flatMapMany(Flux::fromIterable);
    }

    /**
     * Adds a tenant in {@code PROVISIONING} with the spec it is provisioned from; emits false (and changes nothing)
     * when the slug is taken.
     */
    public Mono<Boolean> register(
            TenantId slug, String name, String kind, List<String> hotlineNumbers, String specJson) {
        return platform(db.sql(
                        """
                        INSERT INTO tenant (slug, name, kind, hotline_numbers, status, spec)
                        VALUES ($1, $2, $3, $4, 'PROVISIONING', $5::jsonb)
                        ON CONFLICT (slug) DO NOTHING""")
                .bind(0, slug.value())
                .bind(1, name)
                .bind(2, kind)
                .bind(3, hotlineNumbers.toArray(String[]::new))
                .bind(4, specJson)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1));
    }

    /** The spec (JSON) the tenant was provisioned from. */
    public Mono<String> spec(TenantId slug) {
        return platform(db.sql("SELECT spec::text AS spec FROM tenant WHERE slug = $1")
                .bind(0, slug.value())
                .map(row -> Objects.requireNonNull(row.get("spec", String.class)))
                .one());
    }

    public Mono<Void> replaceSpec(TenantId slug, String specJson) {
        return platform(db.sql("UPDATE tenant SET spec = $2::jsonb, updated_at = now() WHERE slug = $1")
                        .bind(0, slug.value())
                        .bind(1, specJson)
                        .fetch()
                        .rowsUpdated())
                .then();
    }

    /**
     * Moves the tenant to {@code target} if it is in one of the states {@code from}; emits the tenant after the
     * change, or nothing when it does not exist or is in another state (then nothing changed).
     */
    public Mono<Tenant> transition(
            TenantId slug, Collection<TenantStatus> from, TenantStatus target, @Nullable String reason) {
        for (TenantStatus source : from) {
            if (!source.canBecome(target)) {
                throw new IllegalArgumentException(source + " cannot become " + target);
            }
        }
        DatabaseClient.GenericExecuteSpec update = db.sql(
                        "UPDATE tenant SET status = $2, status_reason = $3, updated_at = now()"
                                + " WHERE slug = $1 AND status = ANY($4) RETURNING " + COLUMNS)
                .bind(0, slug.value())
                .bind(1, target.name());
        update = reason == null ? update.bindNull(2, String.class) : update.bind(2, reason);
        // Listeners (the tenant-events outbox) write in the same transaction as the change.
        return platform(update.bind(3, from.stream().map(Enum::name).toArray(String[]::new))
                .map(TenantRegistry::tenant)
                .one()
                .flatMap(changed -> Flux.fromIterable(listeners)
                        .concatMap(listener -> listener.statusChanged(changed, Set.copyOf(from), reason))
                        .then(Mono.just(changed))));
    }

    /** Adds the workstations that are missing; existing ones keep their name. Runs bound to the tenant. */
    public Mono<Void> ensureWorkstations(TenantId slug, List<Workstation> workstations) {
        if (workstations.isEmpty()) {
            return Mono.empty();
        }
        return Tenancy.runAs(
                TenantContext.of(slug),
                transactions.transactional(Flux.fromIterable(workstations)
                        .concatMap(w -> db.sql("INSERT INTO workstation (tenant_id, id, name) VALUES ($1, $2, $3)"
                                        + " ON CONFLICT (tenant_id, id) DO NOTHING")
                                .bind(0, slug.value())
                                .bind(1, w.id().value())
                                .bind(2, w.name())
                                .fetch()
                                .rowsUpdated())
                        .then()));
    }

    /** The workstations of the tenant that is bound in the caller's context (row-level security filters them). */
    public Flux<Workstation> workstationsOfBoundTenant() {
        return transactions
                .transactional(db.sql("SELECT id, name FROM workstation ORDER BY id")
                        .map(row -> new Workstation(WorkstationId.of(text(row, "id")), text(row, "name")))
                        .all()
                        .collectList())
                .flatMapMany(Flux::fromIterable);
    }

    /** The workstations of {@code slug}, read bound to that tenant. */
    public Flux<Workstation> workstations(TenantId slug) {
        return Tenancy.runAs(TenantContext.of(slug), workstationsOfBoundTenant());
    }

    private <T> Mono<T> platform(Mono<T> work) {
        return transactions
                .transactional(work)
                .contextWrite(context -> context.hasKey(Tenancy.CONTEXT_KEY)
                        ? context
                        : context.put(Tenancy.CONTEXT_KEY, TenantContext.platform("tenant registry")));
    }

    private static Tenant tenant(Readable row) {
        String[] numbers = row.get("hotline_numbers", String[].class);
        return new Tenant(
                TenantId.of(text(row, "slug")),
                text(row, "name"),
                text(row, "kind"),
                numbers == null ? List.of() : List.of(numbers),
                TenantStatus.valueOf(text(row, "status")),
                row.get("status_reason", String.class),
                instant(row, "created_at"),
                instant(row, "updated_at"));
    }

    static String text(Readable row, String column) {
        return Objects.requireNonNull(row.get(column, String.class), column);
    }

    static Instant instant(Readable row, String column) {
        return Objects.requireNonNull(row.get(column, OffsetDateTime.class), column)
                .toInstant();
    }
}

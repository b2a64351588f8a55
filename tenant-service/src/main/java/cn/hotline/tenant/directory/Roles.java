package cn.hotline.tenant.directory;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import io.r2dbc.spi.Readable;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Roles of a tenant: the built-in ones provisioned from {@link DefaultRoles}, plus custom roles an admin adds. */
@Component
public final class Roles {

    private final DatabaseClient db;
    private final TenantTransactions tx;

    public Roles(DatabaseClient db, TenantTransactions tx) {
        this.db = db;
        this.tx = tx;
    }

    /** Inserts the built-in roles that are missing (idempotent); runs inside the caller's transaction. */
    Mono<Long> ensure(String tenant, List<TenantRole> wanted) {
        return Flux.fromIterable(wanted)
                .concatMap(role -> db.sql("INSERT INTO directory_role (tenant_id, code, name, permissions, builtin)"
                                + " VALUES (:tenant, :code, :name, :permissions, :builtin)"
                                + " ON CONFLICT (tenant_id, code) DO NOTHING")
                        .bind("tenant", tenant)
                        .bind("code", role.code())
                        .bind("name", role.name())
                        .bind("permissions", codes(role.permissions()))
                        .bind("builtin", role.builtin())
                        .fetch()
                        .rowsUpdated())
                .reduce(0L, Long::sum);
    }

    /** Provisions the default roles of a tenant (or the operator role for {@code platform}). */
    public Mono<Long> provisionDefaults(String tenant) {
        List<TenantRole> wanted =
                TenantStatusLookup.PLATFORM.equals(tenant) ? DefaultRoles.forPlatform() : DefaultRoles.forTenant();
        return tx.run(TenantContext.of(cn.hotline.kernel.id.TenantId.of(tenant)), ensure(tenant, wanted));
    }

    public Flux<TenantRole> list(TenantContext context) {
        return tx.run(
                context,
                db.sql("SELECT code, name, permissions, builtin FROM directory_role ORDER BY code")
                        .map(Roles::role)
                        .all());
    }

    /** Adds a custom role; {@code 409} when the code exists. */
    public Mono<TenantRole> createCustom(TenantContext context, String tenant, TenantRole role) {
        TenantRole custom = new TenantRole(role.code(), role.name(), role.permissions(), false);
        return tx.run(
                context,
                db.sql("INSERT INTO directory_role (tenant_id, code, name, permissions, builtin)"
                                + " VALUES (:tenant, :code, :name, :permissions, false)")
                        .bind("tenant", tenant)
                        .bind("code", custom.code())
                        .bind("name", custom.name())
                        .bind("permissions", codes(custom.permissions()))
                        .fetch()
                        .rowsUpdated()
                        .thenReturn(custom)
                        .onErrorMap(
                                DataIntegrityViolationException.class,
                                e -> new ProblemException(
                                        ProblemCode.CONFLICT, "role " + role.code() + " exists already")));
    }

    /** Fails with {@code 400} unless every code is a role of the current tenant; runs inside the caller's transaction. */
    Mono<Void> requireKnown(List<String> codes) {
        if (codes.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("SELECT code FROM directory_role WHERE code = ANY(:codes)")
                .bind("codes", codes.toArray(String[]::new))
                .map(row -> Objects.requireNonNull(row.get("code", String.class)))
                .all()
                .collectList()
                .flatMap(found -> {
                    Set<String> missing = new HashSet<>(codes);
                    found.forEach(missing::remove);
                    return missing.isEmpty()
                            ? Mono.<Void>empty()
                            : Mono.error(new ProblemException(
                                    ProblemCode.VALIDATION_FAILED,
                                    "unknown roles " + missing.stream().sorted().toList()
                                            + "; the tenant's roles are listed at /tenants/{tenant}/roles"));
                });
    }

    /** The permissions granted by role codes within the current tenant (built-in definitions plus custom rows). */
    public Mono<Set<Permission>> permissionsOf(TenantContext context, List<String> codes) {
        Set<Permission> granted = EnumSet.noneOf(Permission.class);
        boolean custom = false;
        for (String code : codes) {
            var builtin = DefaultRoles.find(code);
            if (builtin.isPresent()) {
                granted.addAll(builtin.get().permissions());
            } else {
                custom = true;
            }
        }
        if (!custom || context instanceof TenantContext.Platform) {
            return Mono.just(Set.copyOf(granted));
        }
        return tx.run(
                        context,
                        db.sql("SELECT code, name, permissions, builtin FROM directory_role"
                                        + " WHERE code = ANY(:codes) AND NOT builtin")
                                .bind("codes", codes.toArray(String[]::new))
                                .map(Roles::role)
                                .all())
                .collectList()
                .map(rows -> {
                    rows.forEach(r -> granted.addAll(r.permissions()));
                    return Set.copyOf(granted);
                });
    }

    private static String[] codes(Set<Permission> permissions) {
        return permissions.stream().map(Permission::code).sorted().toArray(String[]::new);
    }

    static TenantRole role(Readable row) {
        String[] permissions = row.get("permissions", String[].class);
        Set<Permission> set = EnumSet.noneOf(Permission.class);
        Arrays.stream(permissions == null ? new String[0] : permissions)
                .map(Permission::fromCode)
                .forEach(set::add);
        return new TenantRole(
                Objects.requireNonNull(row.get("code", String.class)),
                Objects.requireNonNull(row.get("name", String.class)),
                set,
                Boolean.TRUE.equals(row.get("builtin", Boolean.class)));
    }
}

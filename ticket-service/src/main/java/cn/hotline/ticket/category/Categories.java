package cn.hotline.ticket.category;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.Tenancy;
import io.r2dbc.spi.Readable;
import java.util.Map;
import java.util.Objects;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A tenant's category tree. Runs inside the caller's tenant-bound transaction. A tenant without any category gets
 * the default tree the first time it is read.
 */
@Component
public final class Categories {

    private final DatabaseClient db;

    public Categories(DatabaseClient db) {
        this.db = db;
    }

    public Flux<Category> all() {
        return seeded().thenMany(db.sql(
                        "SELECT code, parent_code, name, standard_code, active FROM ticket_category" + " ORDER BY code")
                .map(Categories::category)
                .all());
    }

    /** Fails with 400 VALIDATION_FAILED naming the field when {@code code} is no active category of the tenant. */
    public Mono<Category> requireActive(String code) {
        return seeded().then(db.sql("SELECT code, parent_code, name, standard_code, active FROM ticket_category"
                                + " WHERE code = :c AND active")
                        .bind("c", code)
                        .map(Categories::category)
                        .one())
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.VALIDATION_FAILED,
                        "category '" + code + "' is not an active category of this tenant",
                        Map.of("field", "category"))));
    }

    public Mono<Category> add(Category category) {
        Mono<Void> parent = category.parentCode() == null
                ? Mono.empty()
                : requireActive(category.parentCode())
                        .onErrorMap(
                                ProblemException.class,
                                e -> new ProblemException(
                                        ProblemCode.VALIDATION_FAILED,
                                        "parent category '" + category.parentCode() + "' does not exist",
                                        Map.of("field", "parentCode")))
                        .then();
        return seeded().then(parent)
                .then(Tenancy.requireTenant())
                .flatMap(tenant -> insert(tenant, category))
                .thenReturn(category);
    }

    /** Renames or (de)activates a category; 404 when the tenant has none with this code. */
    public Mono<Category> update(String code, String name, boolean active) {
        return db.sql("UPDATE ticket_category SET name = :n, active = :a WHERE code = :c"
                        + " RETURNING code, parent_code, name, standard_code, active")
                .bind("n", name)
                .bind("a", active)
                .bind("c", code)
                .map(Categories::category)
                .one()
                .switchIfEmpty(
                        Mono.error(() -> new ProblemException(ProblemCode.NOT_FOUND, "No category '" + code + "'.")));
    }

    private Mono<Void> seeded() {
        return db.sql("SELECT count(*) AS n FROM ticket_category")
                .map(row -> Objects.requireNonNull(row.get("n", Long.class)))
                .one()
                .flatMap(n -> n > 0
                        ? Mono.<Void>empty()
                        : Tenancy.requireTenant().flatMap(tenant -> Flux.fromIterable(DefaultCategories.tree())
                                .concatMap(c -> db.sql("INSERT INTO ticket_category (tenant_id, code,"
                                                + " parent_code, name, standard_code, active)"
                                                + " VALUES (:t, :c, :p, :n, :s, :a) ON CONFLICT DO NOTHING")
                                        .bind("t", tenant.value())
                                        .bind("c", c.code())
                                        .bind("p", Parameter.fromOrEmpty(c.parentCode(), String.class))
                                        .bind("n", c.name())
                                        .bind("s", Parameter.fromOrEmpty(c.standardCode(), String.class))
                                        .bind("a", c.active())
                                        .fetch()
                                        .rowsUpdated())
                                .then()));
    }

    private Mono<Long> insert(TenantId tenant, Category c) {
        return db.sql("INSERT INTO ticket_category (tenant_id, code, parent_code, name, standard_code, active)"
                        + " VALUES (:t, :c, :p, :n, :s, :a)")
                .bind("t", tenant.value())
                .bind("c", c.code())
                .bind("p", Parameter.fromOrEmpty(c.parentCode(), String.class))
                .bind("n", c.name())
                .bind("s", Parameter.fromOrEmpty(c.standardCode(), String.class))
                .bind("a", c.active())
                .fetch()
                .rowsUpdated()
                .onErrorMap(
                        DataIntegrityViolationException.class,
                        e -> new ProblemException(
                                ProblemCode.CONFLICT,
                                "category '" + c.code() + "' exists already",
                                Map.of("field", "code")));
    }

    private static Category category(Readable row) {
        return new Category(
                Objects.requireNonNull(row.get("code", String.class)),
                row.get("parent_code", String.class),
                Objects.requireNonNull(row.get("name", String.class)),
                row.get("standard_code", String.class),
                Boolean.TRUE.equals(row.get("active", Boolean.class)));
    }
}

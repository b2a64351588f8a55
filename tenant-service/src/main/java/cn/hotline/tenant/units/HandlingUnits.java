package cn.hotline.tenant.units;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.tenant.directory.TenantTransactions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The handling-unit tree of a tenant: add units under the rules of {@link UnitLevel}, read them, set contacts. */
@Component
public final class HandlingUnits {

    private final DatabaseClient db;
    private final TenantTransactions tx;

    public HandlingUnits(DatabaseClient db, TenantTransactions tx) {
        this.db = db;
        this.tx = tx;
    }

    public Mono<HandlingUnit> add(TenantContext context, String tenant, HandlingUnit unit) {
        Mono<Void> parentFits = unit.parentCode() == null
                ? Mono.empty()
                : level(unit.parentCode())
                        .switchIfEmpty(Mono.error(() -> new ProblemException(
                                ProblemCode.VALIDATION_FAILED,
                                "parent unit '" + unit.parentCode() + "' does not exist")))
                        .flatMap(parent -> unit.level().mayHangUnder(parent)
                                ? Mono.<Void>empty()
                                : Mono.error(new ProblemException(
                                        ProblemCode.VALIDATION_FAILED,
                                        unit.level() + " units cannot hang under a " + parent + " unit")));
        Mono<Long> insert = db.sql("INSERT INTO handling_unit (tenant_id, code, name, level, parent_code, active)"
                        + " VALUES (:t, :c, :n, :l, :p, :a)")
                .bind("t", tenant)
                .bind("c", unit.code())
                .bind("n", unit.name())
                .bind("l", unit.level().name())
                .bind("p", Parameter.fromOrEmpty(unit.parentCode(), String.class))
                .bind("a", unit.active())
                .fetch()
                .rowsUpdated()
                .onErrorMap(
                        DataIntegrityViolationException.class,
                        e -> new ProblemException(
                                ProblemCode.CONFLICT,
                                "unit '" + unit.code() + "' exists already",
                                Map.of("field", "code")));
        return tx.run(context, parentFits.then(insert).then(writeContacts(tenant, unit.code(), unit.contacts())))
                .thenReturn(unit);
    }

    private Mono<UnitLevel> level(String code) {
        return db.sql("SELECT level FROM handling_unit WHERE code = :c")
                .bind("c", code)
                .map(row -> UnitLevel.valueOf(Objects.requireNonNull(row.get("level", String.class))))
                .one();
    }

    private Mono<Void> writeContacts(String tenant, String code, List<HandlingUnit.Contact> contacts) {
        Mono<Long> clear = db.sql("DELETE FROM handling_unit_contact WHERE unit_code = :c")
                .bind("c", code)
                .fetch()
                .rowsUpdated();
        Flux<Long> add = Flux.range(0, contacts.size())
                .concatMap(i -> db.sql("INSERT INTO handling_unit_contact (tenant_id, unit_code, seq, name, phone,"
                                + " title) VALUES (:t, :c, :s, :n, :p, :ti)")
                        .bind("t", tenant)
                        .bind("c", code)
                        .bind("s", i.shortValue())
                        .bind("n", contacts.get(i).name())
                        .bind("p", contacts.get(i).phone())
                        .bind("ti", Parameter.fromOrEmpty(contacts.get(i).title(), String.class))
                        .fetch()
                        .rowsUpdated());
        return clear.thenMany(add).then();
    }

    /** Replaces a unit's contacts; empty when there is no such unit. */
    public Mono<HandlingUnit> setContacts(
            TenantContext context, String tenant, String code, List<HandlingUnit.Contact> contacts) {
        return tx.run(context, level(code).flatMap(found -> writeContacts(tenant, code, contacts)
                        .thenReturn(found)))
                .flatMap(found -> get(context, code));
    }

    /** All units of the tenant, roots first, each with its contacts. */
    public Flux<HandlingUnit> list(TenantContext context) {
        return tx.run(context, select(null));
    }

    public Mono<HandlingUnit> get(TenantContext context, String code) {
        return tx.run(context, select(code)).next();
    }

    private Flux<HandlingUnit> select(@Nullable String code) {
        String where = code == null ? "" : " WHERE u.code = :code";
        var spec = db.sql("SELECT u.code, u.name, u.level, u.parent_code, u.active, c.seq, c.name AS cname, c.phone,"
                + " c.title FROM handling_unit u LEFT JOIN handling_unit_contact c ON c.unit_code = u.code"
                + " AND c.tenant_id = u.tenant_id" + where
                + " ORDER BY (u.parent_code IS NOT NULL), u.parent_code, u.code, c.seq");
        if (code != null) {
            spec = spec.bind("code", code);
        }
        return spec.map(row -> new Object[] {
                    row.get("code", String.class),
                    row.get("name", String.class),
                    row.get("level", String.class),
                    row.get("parent_code", String.class),
                    row.get("active", Boolean.class),
                    row.get("cname", String.class),
                    row.get("phone", String.class),
                    row.get("title", String.class)
                })
                .all()
                .bufferUntilChanged(r -> r[0])
                .map(rows -> {
                    Object[] first = rows.getFirst();
                    List<HandlingUnit.Contact> contacts = rows.stream()
                            .filter(r -> r[5] != null)
                            .map(r -> new HandlingUnit.Contact((String) r[5], (String) r[6], (String) r[7]))
                            .toList();
                    return new HandlingUnit(
                            (String) first[0],
                            (String) first[1],
                            UnitLevel.valueOf((String) first[2]),
                            (String) first[3],
                            contacts,
                            Boolean.TRUE.equals(first[4]));
                });
    }
}

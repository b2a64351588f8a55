package cn.hotline.tenant.units;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.tenant.directory.Access;
import cn.hotline.tenant.directory.Permission;
import cn.hotline.tenant.directory.Requests;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Tenant API of the handling-unit tree, and its internal read for ticket-service's dispatch. */
@RestController
final class HandlingUnitController {

    private final Access access;
    private final HandlingUnits units;

    HandlingUnitController(Access access, HandlingUnits units) {
        this.access = access;
        this.units = units;
    }

    record NewUnit(
            @Nullable String code,
            @Nullable String name,
            @Nullable String level,
            @Nullable String parentCode,
            @Nullable List<HandlingUnit.Contact> contacts) {}

    @PostMapping("/tenants/{tenant}/units")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<HandlingUnit> add(@PathVariable String tenant, @RequestBody NewUnit body) {
        return access.require(tenant, Permission.UNITS_WRITE).flatMap(grant -> Requests.valid(() -> new HandlingUnit(
                        body.code(), body.name(), level(body.level()), body.parentCode(), body.contacts(), true))
                .flatMap(unit -> units.add(grant.context(), tenant, unit)));
    }

    private static UnitLevel level(@Nullable String text) {
        try {
            return UnitLevel.valueOf(String.valueOf(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("level must be CITY_MEMBER, DISTRICT or SECOND_LEVEL");
        }
    }

    @GetMapping("/tenants/{tenant}/units")
    Flux<HandlingUnit> list(@PathVariable String tenant) {
        return access.require(tenant, Permission.UNITS_READ).flatMapMany(grant -> units.list(grant.context()));
    }

    @GetMapping("/tenants/{tenant}/units/{code}")
    Mono<HandlingUnit> get(@PathVariable String tenant, @PathVariable String code) {
        return access.require(tenant, Permission.UNITS_READ)
                .flatMap(grant -> units.get(grant.context(), code))
                .switchIfEmpty(Requests.notFound("unit"));
    }

    @PutMapping("/tenants/{tenant}/units/{code}/contacts")
    Mono<HandlingUnit> setContacts(
            @PathVariable String tenant, @PathVariable String code, @RequestBody List<HandlingUnit.Contact> contacts) {
        return access.require(tenant, Permission.UNITS_WRITE)
                .flatMap(grant -> Requests.valid(() -> List.copyOf(contacts))
                        .flatMap(valid -> units.setContacts(grant.context(), tenant, code, valid)))
                .switchIfEmpty(Requests.notFound("unit"));
    }

    @GetMapping("/internal/tenants/{tenant}/units")
    Flux<HandlingUnit> internal(@PathVariable String tenant) {
        return Requests.valid(() -> TenantId.of(tenant))
                .onErrorMap(e -> new ProblemException(ProblemCode.NOT_FOUND, "No such tenant."))
                .flatMapMany(id -> units.list(TenantContext.of(id)));
    }
}

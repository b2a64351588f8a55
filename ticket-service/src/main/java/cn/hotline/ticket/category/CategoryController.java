package cn.hotline.ticket.category;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Role;
import cn.hotline.ticket.ticket.TicketAccess;
import cn.hotline.ticket.ticket.TicketTransactions;
import java.util.EnumSet;
import java.util.Map;
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

/**
 * {@code /tenants/{t}/ticket-categories}: the tenant's category tree (read: any ticket role; add, rename, deactivate:
 * {@code TENANT_ADMIN}, {@code SUPERVISOR}). Categories are never deleted: old tickets keep theirs.
 */
@RestController
final class CategoryController {

    private final Categories categories;
    private final TicketTransactions tx;

    CategoryController(Categories categories, TicketTransactions tx) {
        this.categories = categories;
        this.tx = tx;
    }

    record NewCategory(
            @Nullable String code, @Nullable String parentCode, @Nullable String name, @Nullable String standardCode) {}

    record CategoryUpdate(@Nullable String name, @Nullable Boolean active) {}

    @GetMapping("/tenants/{tenant}/ticket-categories")
    Flux<Category> list(@PathVariable String tenant) {
        return TicketAccess.read(tenant).flatMapMany(grant -> tx.run(grant.context(), categories.all()));
    }

    @PostMapping("/tenants/{tenant}/ticket-categories")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Category> add(@PathVariable String tenant, @RequestBody NewCategory body) {
        return TicketAccess.centre(tenant, EnumSet.of(Role.TENANT_ADMIN, Role.SUPERVISOR))
                .flatMap(grant -> valid(() ->
                                new Category(body.code(), body.parentCode(), body.name(), body.standardCode(), true))
                        .flatMap(category -> tx.run(grant.context(), categories.add(category))));
    }

    @PutMapping("/tenants/{tenant}/ticket-categories/{code}")
    Mono<Category> update(@PathVariable String tenant, @PathVariable String code, @RequestBody CategoryUpdate body) {
        return TicketAccess.centre(tenant, EnumSet.of(Role.TENANT_ADMIN, Role.SUPERVISOR))
                .flatMap(grant -> {
                    if (body.name() == null
                            || body.name().isBlank()
                            || body.name().strip().length() > 64
                            || body.active() == null) {
                        return Mono.error(new ProblemException(
                                ProblemCode.VALIDATION_FAILED,
                                "name (1-64 characters) and active are required",
                                Map.of("field", body.active() == null ? "active" : "name")));
                    }
                    return tx.run(
                            grant.context(), categories.update(code, body.name().strip(), body.active()));
                });
    }

    private static Mono<Category> valid(java.util.function.Supplier<Category> build) {
        try {
            return Mono.just(build.get());
        } catch (IllegalArgumentException e) {
            return Mono.error(new ProblemException(ProblemCode.VALIDATION_FAILED, String.valueOf(e.getMessage())));
        }
    }
}

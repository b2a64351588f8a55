package cn.hotline.ticket.sla;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Role;
import cn.hotline.ticket.sla.domain.LimitState;
import cn.hotline.ticket.ticket.TicketAccess;
import cn.hotline.ticket.ticket.TicketTransactions;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /tenants/{t}/tickets/{id}/sla}: each limit with its basis, start, due time, outcome and light (whoever
 * may read the ticket). {@code GET}/{@code PUT /tenants/{t}/sla-policies/{category}} ({@code *} for the tenant's
 * default): the overrides of the standard limits ({@code TENANT_ADMIN}, {@code SUPERVISOR}).
 */
@RestController
final class SlaController {

    private static final Pattern CATEGORY = Pattern.compile("\\*|[a-z0-9][a-z0-9._-]{0,63}");

    private final TicketLimits limits;
    private final SlaPolicies policies;
    private final TicketTransactions tx;

    SlaController(TicketLimits limits, SlaPolicies policies, TicketTransactions tx) {
        this.limits = limits;
        this.policies = policies;
        this.tx = tx;
    }

    record Limits(String ticket, Instant at, List<LimitState> limits) {}

    @GetMapping("/tenants/{tenant}/tickets/{id}/sla")
    Mono<Limits> limits(@PathVariable String tenant, @PathVariable String id) {
        return TicketAccess.read(tenant).flatMap(grant -> {
            UUID uuid;
            try {
                uuid = UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                return Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No ticket " + id + "."));
            }
            return limits.evaluate(grant.context(), grant.caller().tenant(), uuid)
                    .map(e -> new Limits(id, e.at(), e.limits()));
        });
    }

    @GetMapping("/tenants/{tenant}/sla-policies/{category}")
    Mono<SlaPolicies.Override> get(@PathVariable String tenant, @PathVariable String category) {
        return TicketAccess.centre(tenant, TicketAccess.READ_CENTRE)
                .flatMap(grant -> tx.run(
                        grant.context(),
                        policies.get(category)
                                .switchIfEmpty(Mono.error(() -> new ProblemException(
                                        ProblemCode.NOT_FOUND, "No override for category '" + category + "'.")))));
    }

    @PutMapping("/tenants/{tenant}/sla-policies/{category}")
    Mono<SlaPolicies.Override> put(
            @PathVariable String tenant, @PathVariable String category, @RequestBody SlaPolicies.Override body) {
        return TicketAccess.centre(tenant, EnumSet.of(Role.TENANT_ADMIN, Role.SUPERVISOR))
                .flatMap(grant -> {
                    if (!CATEGORY.matcher(category).matches()) {
                        return Mono.error(new ProblemException(
                                ProblemCode.VALIDATION_FAILED,
                                "category must be '*' or a category code",
                                Map.of("field", "category")));
                    }
                    try {
                        SlaPolicies.validate(body);
                    } catch (IllegalArgumentException e) {
                        return Mono.error(new ProblemException(ProblemCode.VALIDATION_FAILED, e.getMessage()));
                    }
                    return tx.run(grant.context(), policies.put(category, body));
                });
    }
}

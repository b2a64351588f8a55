package cn.hotline.call.routing;

import cn.hotline.call.access.TenantRoles;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Callers;
import cn.hotline.kernel.security.Role;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /tenants/{tenant}/routing}: the rules, and the "what would happen to this call" simulator. */
@RestController
final class RoutingController {

    private final RoutingManagement routing;

    RoutingController(RoutingManagement routing) {
        this.routing = routing;
    }

    record SimulateRequest(
            @Nullable String calledNumber,
            @Nullable String callerNumber,
            @Nullable String at,
            @Nullable List<String> ivrChoices) {}

    @GetMapping("/tenants/{tenant}/routing/rules")
    Mono<RoutingManagement.RulesView> rules(@PathVariable String tenant) {
        return TenantRoles.require(tenant, Role.TENANT_ADMIN, Role.SUPERVISOR).flatMap(routing::rules);
    }

    @PutMapping(path = "/tenants/{tenant}/routing/rules", consumes = "application/json")
    Mono<RoutingManagement.RulesView> replace(@PathVariable String tenant, @RequestBody String document) {
        return TenantRoles.require(tenant, Role.TENANT_ADMIN)
                .zipWith(Callers.current().map(caller -> caller.subject()))
                .flatMap(who -> routing.replace(who.getT1(), document, who.getT2()));
    }

    @PostMapping("/tenants/{tenant}/routing/simulate")
    Mono<RoutingManagement.Simulation> simulate(@PathVariable String tenant, @RequestBody SimulateRequest body) {
        if (body.calledNumber() == null || body.callerNumber() == null) {
            return Mono.error(
                    new ProblemException(ProblemCode.VALIDATION_FAILED, "calledNumber and callerNumber are required"));
        }
        Instant at;
        try {
            at = body.at() == null ? Instant.now() : Instant.parse(body.at());
        } catch (DateTimeException e) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "'at' is an ISO-8601 instant, e.g. 2026-03-10T02:00:00Z"));
        }
        List<String> choices = body.ivrChoices() == null ? List.of() : body.ivrChoices();
        return TenantRoles.require(tenant, Role.TENANT_ADMIN, Role.SUPERVISOR)
                .flatMap(id -> routing.simulate(id, body.calledNumber(), body.callerNumber(), at, choices));
    }
}

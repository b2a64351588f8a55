package cn.hotline.call.ivr;

import cn.hotline.call.access.TenantRoles;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Callers;
import cn.hotline.kernel.security.Role;
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
import reactor.core.publisher.Mono;

/** {@code /tenants/{tenant}/ivr-trees}: drafts, validation, publishing and rollback, for tenant administrators. */
@RestController
final class IvrController {

    private final IvrManagement ivr;

    IvrController(IvrManagement ivr) {
        this.ivr = ivr;
    }

    record Validation(boolean valid, List<NodeError> errors) {}

    record Rollback(@Nullable Integer version) {}

    @GetMapping("/tenants/{tenant}/ivr-trees")
    Mono<List<IvrManagement.TreeSummary>> list(@PathVariable String tenant) {
        return TenantRoles.require(tenant, Role.TENANT_ADMIN, Role.SUPERVISOR)
                .flatMap(id -> ivr.trees(id).collectList());
    }

    @GetMapping("/tenants/{tenant}/ivr-trees/{tree}")
    Mono<IvrManagement.TreeView> get(@PathVariable String tenant, @PathVariable String tree) {
        return TenantRoles.require(tenant, Role.TENANT_ADMIN, Role.SUPERVISOR).flatMap(id -> ivr.tree(id, tree));
    }

    @PutMapping(path = "/tenants/{tenant}/ivr-trees/{tree}/draft", consumes = "application/json")
    Mono<IvrManagement.TreeView> saveDraft(
            @PathVariable String tenant, @PathVariable String tree, @RequestBody String document) {
        return TenantRoles.require(tenant, Role.TENANT_ADMIN)
                .zipWith(subject())
                .flatMap(who -> ivr.saveDraft(who.getT1(), tree, document, who.getT2()));
    }

    /** A dry run: the errors a save would report, nothing stored. */
    @PostMapping(path = "/tenants/{tenant}/ivr-trees/{tree}/validate", consumes = "application/json")
    Mono<Validation> validate(@PathVariable String tenant, @PathVariable String tree, @RequestBody String document) {
        return TenantRoles.require(tenant, Role.TENANT_ADMIN)
                .flatMap(id -> ivr.check(id, document))
                .map(errors -> new Validation(errors.isEmpty(), errors));
    }

    @PostMapping("/tenants/{tenant}/ivr-trees/{tree}/publish")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<IvrManagement.VersionInfo> publish(@PathVariable String tenant, @PathVariable String tree) {
        return TenantRoles.require(tenant, Role.TENANT_ADMIN)
                .zipWith(subject())
                .flatMap(who -> ivr.publish(who.getT1(), tree, who.getT2()));
    }

    @PostMapping("/tenants/{tenant}/ivr-trees/{tree}/rollback")
    Mono<IvrManagement.VersionInfo> rollback(
            @PathVariable String tenant, @PathVariable String tree, @RequestBody Rollback body) {
        if (body.version() == null || body.version() < 1) {
            return Mono.error(new ProblemException(ProblemCode.VALIDATION_FAILED, "'version' (≥ 1) is required"));
        }
        int version = body.version();
        return TenantRoles.require(tenant, Role.TENANT_ADMIN).flatMap(id -> ivr.rollback(id, tree, version));
    }

    @GetMapping("/tenants/{tenant}/ivr-trees/{tree}/versions/{version}")
    Mono<IvrManagement.VersionView> version(
            @PathVariable String tenant, @PathVariable String tree, @PathVariable int version) {
        return TenantRoles.require(tenant, Role.TENANT_ADMIN, Role.SUPERVISOR)
                .flatMap(id -> ivr.version(id, tree, version));
    }

    private static Mono<String> subject() {
        return Callers.current().map(caller -> caller.subject());
    }
}

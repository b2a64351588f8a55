package cn.hotline.tenant.registry;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /internal/tenants/{tenant}} (ADR 0002 §3): auth-server asks whether a tenant may issue tokens. Only
 * {@code ACTIVE} tenants and {@code platform} may.
 */
@RestController
class InternalTenantController {

    private final TenantRegistry registry;
    private final List<TenantFederationSource> federation;

    InternalTenantController(TenantRegistry registry, ObjectProvider<TenantFederationSource> federation) {
        this.registry = registry;
        this.federation = federation.orderedStream().toList();
    }

    /** The answer; {@code federation} stays null until a tenant delegates login upstream (R-TEN-4). */
    record TenantStatusView(String tenant, String name, String status, @Nullable Object federation) {}

    @GetMapping("/internal/tenants/{tenant}")
    Mono<TenantStatusView> status(@PathVariable String tenant) {
        if ("platform".equals(tenant)) {
            return Mono.just(new TenantStatusView("platform", "平台运营", TenantStatus.ACTIVE.name(), null));
        }
        TenantId id;
        try {
            id = TenantId.of(tenant);
        } catch (IllegalArgumentException e) {
            return Mono.error(notFound(tenant));
        }
        return registry.find(id)
                .flatMap(t -> federationOf(id)
                        .map(Optional::of)
                        .defaultIfEmpty(Optional.empty())
                        .map(f -> new TenantStatusView(
                                t.slug().value(), t.name(), t.status().name(), f.orElse(null))))
                .switchIfEmpty(Mono.error(() -> notFound(tenant)));
    }

    private Mono<Object> federationOf(TenantId id) {
        return federation.isEmpty() ? Mono.empty() : federation.getFirst().federationOf(id);
    }

    private static ProblemException notFound(String tenant) {
        return new ProblemException(ProblemCode.NOT_FOUND, "No tenant '" + tenant + "'.");
    }
}

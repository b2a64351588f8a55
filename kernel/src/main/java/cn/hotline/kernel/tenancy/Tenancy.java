package cn.hotline.kernel.tenancy;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/** Reads and writes the {@link TenantContext} in the Reactor {@code Context}. */
public final class Tenancy {

    /** The Reactor Context key under which the tenant context travels. */
    public static final Class<TenantContext> CONTEXT_KEY = TenantContext.class;

    private Tenancy() {}

    /** Runs {@code work} for the given tenant context. */
    public static <T> Mono<T> runAs(TenantContext tenant, Mono<T> work) {
        return work.contextWrite(bind(tenant));
    }

    /** Runs {@code work} for the given tenant context. */
    public static <T> Flux<T> runAs(TenantContext tenant, Flux<T> work) {
        return work.contextWrite(bind(tenant));
    }

    public static Function<Context, Context> bind(TenantContext tenant) {
        return context -> context.put(CONTEXT_KEY, tenant);
    }

    /**
     * Runs {@code work} once per tenant, each with its own tenant bound, one after another — the
     * way a cross-tenant job must touch tenant data.
     */
    public static <T> Flux<T> forEachTenant(Flux<TenantId> tenants, Function<TenantId, ? extends Flux<T>> work) {
        return tenants.concatMap(tenant -> runAs(TenantContext.of(tenant), Flux.defer(() -> work.apply(tenant))));
    }

    /** The bound context, if any. */
    public static Mono<TenantContext> current() {
        return Mono.deferContextual(context -> Mono.justOrEmpty(find(context)));
    }

    /** The bound tenant; fails with {@code TENANT_REQUIRED} where none is bound. */
    public static Mono<TenantId> requireTenant() {
        return current()
                .flatMap(context ->
                        context instanceof TenantContext.Tenant t ? Mono.just(t.tenant()) : Mono.<TenantId>empty())
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.TENANT_REQUIRED, "This operation runs on behalf of a tenant, and none is bound.")));
    }

    public static java.util.Optional<TenantContext> find(ContextView context) {
        return context.getOrEmpty(CONTEXT_KEY);
    }
}

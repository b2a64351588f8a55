package cn.hotline.tenant.provisioning;

import reactor.core.publisher.Mono;

/**
 * One step of provisioning a tenant. Every bean of this type runs, in ascending {@link #order()}, after the tenant's
 * registry row and workstations exist; each step's state is recorded under its {@link #name()}, so a retry resumes at
 * the first step that has not succeeded.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>{@link #name()} is stable across releases (it is the key of the recorded state), lowercase, dotted by module:
 *       {@code pulsar.namespaces}, {@code directory.admin-account}.
 *   <li>{@link #apply(TenantSpec)} is idempotent: it may run again after a partial or complete earlier run and must
 *       then converge to the same result without failing (create-if-absent, never create-or-fail).
 *   <li>It signals failure with an error; the tenant is then {@code PROVISIONING_FAILED} with the error's message as
 *       reason, so the message should say what to fix.
 *   <li>Blocking SDKs run on {@code Schedulers.boundedElastic()}. Database work for the tenant runs bound to it
 *       ({@code Tenancy.runAs(TenantContext.of(spec.slug()), ...)}) inside its own transaction.
 * </ul>
 */
public interface ProvisioningStep {

    /** The built-in orders; contributed steps pick values in between. */
    int ORDER_PULSAR = 100;

    int ORDER_STORAGE = 200;

    int ORDER_QUOTAS = 300;

    /** Directory steps (default roles, admin account) run after the infrastructure. */
    int ORDER_DIRECTORY = 500;

    /** A stable, unique name: the key under which this step's state is recorded. */
    String name();

    /** Position among all steps, ascending; ties are broken by name. */
    int order();

    /** Brings the tenant's resources of this step to what {@code spec} asks for; idempotent. */
    Mono<Void> apply(TenantSpec spec);
}

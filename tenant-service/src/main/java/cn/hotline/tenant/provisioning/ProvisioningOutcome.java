package cn.hotline.tenant.provisioning;

/**
 * What a provisioning request did. A different spec for an existing slug is not an outcome but a {@code CONFLICT}
 * problem.
 */
public sealed interface ProvisioningOutcome {

    TenantView tenant();

    /** The tenant was new; its steps ran (see its status: ACTIVE, or PROVISIONING_FAILED with the reason). */
    record Created(TenantView tenant) implements ProvisioningOutcome {}

    /** The same spec was provisioned before; nothing ran, this is the tenant as it stands. */
    record Unchanged(TenantView tenant) implements ProvisioningOutcome {}
}

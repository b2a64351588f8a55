/**
 * Provisioning a tenant's resources everywhere — registry row, Pulsar tenant and namespaces, recordings bucket, Redis
 * quota keys and whatever other {@link cn.hotline.tenant.provisioning.ProvisioningStep} beans contribute — idempotently
 * and resumably.
 */
@NullMarked
package cn.hotline.tenant.provisioning;

import org.jspecify.annotations.NullMarked;

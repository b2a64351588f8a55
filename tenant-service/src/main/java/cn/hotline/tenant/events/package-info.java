/**
 * Tenant lifecycle events on Pulsar ({@code TenantActivated}, {@code TenantSuspended}, {@code TenantReactivated},
 * {@code TenantDeactivated}): written to a transactional outbox with the status change, relayed by the one instance
 * that holds the relay lease, with retries and backoff.
 */
@NullMarked
package cn.hotline.tenant.events;

import org.jspecify.annotations.NullMarked;

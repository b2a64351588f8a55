/**
 * What ticket-service reads from tenant-service: a tenant's handling-unit tree and its working-day calendar, over
 * {@code /internal/tenants/{t}/units} and {@code /internal/tenants/{t}/calendar} with the internal token, cached
 * briefly per tenant.
 */
@NullMarked
package cn.hotline.ticket.directory;

import org.jspecify.annotations.NullMarked;

/**
 * Time limits (时限) of tickets: per-tenant and per-category policy, the tenant's calendar from tenant-service, the
 * limits of one ticket over HTTP, and the scan that raises yellow and red warnings once across instances.
 */
@NullMarked
package cn.hotline.ticket.sla;

import org.jspecify.annotations.NullMarked;

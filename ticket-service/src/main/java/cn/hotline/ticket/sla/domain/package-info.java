/**
 * Time limits of a ticket in plain Java: the tenant's working-day calendar, the policy of limits, and the clock that
 * reads a ticket's ledger to say for each limit when it started, when it is due, whether it was met, and its light.
 */
@NullMarked
package cn.hotline.ticket.sla.domain;

import org.jspecify.annotations.NullMarked;

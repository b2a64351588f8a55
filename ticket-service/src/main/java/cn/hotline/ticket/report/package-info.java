/**
 * Ticket KPIs (R-RPT-3/4) per tenant, unit and day / week / month, computed from the ledgers with the same SLA clock
 * the warnings use, and their Excel export.
 */
@NullMarked
package cn.hotline.ticket.report;

import org.jspecify.annotations.NullMarked;

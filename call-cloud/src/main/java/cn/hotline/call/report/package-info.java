/**
 * Call reports (R-RPT-2): traffic and service figures per half hour, day, week or month, in total, per skill group
 * or per agent, and agents' time per state — from call-cloud's call detail records and the ACD's decision history,
 * with the formula of every rate next to its figure, as JSON or an Excel workbook.
 */
@NullMarked
package cn.hotline.call.report;

import org.jspecify.annotations.NullMarked;

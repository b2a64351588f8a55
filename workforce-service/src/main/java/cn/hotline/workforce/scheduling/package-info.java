/**
 * Scheduling (排班): shift types, rosters (weekly, monthly, imported from Excel), views by day and agent, leave and
 * swap requests approved against the tenant's rules (minimum staffing per half hour, minimum rest), adherence from the
 * agents' real state changes, and an Erlang C staffing forecast from the tenant's own call history.
 */
@NullMarked
package cn.hotline.workforce.scheduling;

import org.jspecify.annotations.NullMarked;

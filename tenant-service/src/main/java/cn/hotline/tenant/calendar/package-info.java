/**
 * The tenant's working-time calendar: working hours per weekday, public holidays and make-up working days
 * (调休), with the answers call routing and ticket SLA timers need — is this instant working time, and what
 * instant lies N working days or hours after another.
 */
@NullMarked
package cn.hotline.tenant.calendar;

import org.jspecify.annotations.NullMarked;

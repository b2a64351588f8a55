/**
 * The ticket (工单) aggregate in plain Java: its state machine, the commands it accepts, the events it records and the
 * ledger that replays it. No framework code lives here.
 */
@NullMarked
package cn.hotline.ticket.ticket.domain;

import org.jspecify.annotations.NullMarked;

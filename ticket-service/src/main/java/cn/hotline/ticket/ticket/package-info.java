/**
 * Tickets (工单): the facade {@link cn.hotline.ticket.ticket.TicketManagement} (open, handle, read), the intake
 * service for other channels ({@link cn.hotline.ticket.ticket.TicketIntake}), the HTTP API, persistence of the
 * ledger and its projection, and the outbox that publishes ticket events to each tenant's Pulsar topic.
 */
@NullMarked
package cn.hotline.ticket.ticket;

import org.jspecify.annotations.NullMarked;

/** ticket-service: tickets (工单), dispatch, SLA timers, the city 12345 exchange and the knowledge base. */
@NullMarked
package cn.hotline.ticket;

import org.jspecify.annotations.NullMarked;

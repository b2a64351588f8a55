/**
 * The two-way exchange with the city 12345 platform (双号并行): signed inbound webhooks (tickets, urges, status
 * queries) handed to {@link cn.hotline.ticket.city.CityTicketIntake}, and outbound changes written to a transactional
 * outbox ({@link cn.hotline.ticket.city.CityOutbox}), relayed to the tenant's Pulsar topic and delivered to the city by
 * a worker through the {@link cn.hotline.ticket.city.CityPlatform} port (push or pull adapter).
 */
@NullMarked
package cn.hotline.ticket.city;

import org.jspecify.annotations.NullMarked;

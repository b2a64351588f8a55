package cn.hotline.ticket.knowledge;

import java.time.Instant;
import java.util.UUID;

/**
 * An entry cited in a ticket's answer.
 *
 * @param text what the ticket's ledger shows: the entry's title, number and version, and its opening words
 */
public record Citation(
        UUID id, UUID entryId, int entryVersion, UUID ticketId, String citedBy, Instant citedAt, String text) {}

package cn.hotline.ticket.ticket.domain;

import java.time.Instant;
import java.util.List;

/**
 * One step of the case file (一案一档): who did what, when, as which unit, with which evidence.
 *
 * @param seq 1 for the opening, then consecutive; also the ticket's version after this step
 */
public record LedgerEntry(int seq, Instant at, Actor actor, TicketEvent event, List<AttachmentRef> attachments) {

    public LedgerEntry {
        if (seq < 1) {
            throw new IllegalArgumentException("ledger sequence starts at 1");
        }
        if (at == null || actor == null || event == null) {
            throw new IllegalArgumentException("a ledger entry needs a time, an actor and an event");
        }
        attachments = List.copyOf(attachments == null ? List.of() : attachments);
        if ((seq == 1) != (event instanceof TicketEvent.TicketOpened)) {
            throw new IllegalArgumentException("the first entry, and only the first, opens the ticket");
        }
    }
}

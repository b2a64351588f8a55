package cn.hotline.ticket.city;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.ticket.ticket.TicketChangeListener;
import cn.hotline.ticket.ticket.domain.Channel;
import cn.hotline.ticket.ticket.domain.LedgerEntry;
import cn.hotline.ticket.ticket.domain.Ticket;
import cn.hotline.ticket.ticket.domain.TicketEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Feeds the city outbox from the ticket ledger, in the transaction that appends each entry: for a ticket that came
 * from the city, sign-for, progress notes, replies, returns, granted extensions and closing go back to the city. The
 * idempotency key is {@code <ticket>:<ledger seq>}, so a retried transaction cannot enqueue a change twice.
 */
@Component
final class CityTicketFeed implements TicketChangeListener {

    private final CityOutbox outbox;

    CityTicketFeed(CityOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public Mono<Void> changed(TenantId tenant, Ticket after, LedgerEntry entry) {
        String cityNo = after.opened().externalRef();
        if (after.opened().channel() != Channel.CITY_PLATFORM || cityNo == null) {
            return Mono.empty();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        CityChange.Kind kind =
                switch (entry.event()) {
                    case TicketEvent.TicketSignedFor e -> {
                        data.put("unit", e.unit().value());
                        yield CityChange.Kind.SIGNED_FOR;
                    }
                    case TicketEvent.NoteAdded e -> {
                        data.put("text", e.text());
                        yield CityChange.Kind.PROGRESS;
                    }
                    case TicketEvent.TicketReplied e -> {
                        data.put("unit", e.unit().value());
                        data.put("content", e.content());
                        yield CityChange.Kind.REPLIED;
                    }
                    case TicketEvent.ReturnRequested e -> {
                        data.put("unit", e.unit().value());
                        data.put("reason", e.reason());
                        yield CityChange.Kind.RETURNED;
                    }
                    case TicketEvent.ExtensionReviewed e
                    when e.approved() -> {
                        data.put("workingDays", e.workingDays());
                        yield CityChange.Kind.EXTENDED;
                    }
                    case TicketEvent.TicketClosed e -> {
                        data.put("note", e.note());
                        yield CityChange.Kind.CLOSED;
                    }
                    default -> null;
                };
        if (kind == null) {
            return Mono.empty();
        }
        return outbox.enqueue(
                        tenant,
                        new CityChange(
                                after.id().value() + ":" + entry.seq(),
                                kind,
                                cityNo,
                                after.id().value().toString(),
                                entry.at(),
                                data))
                .then();
    }
}

package cn.hotline.ticket.screenpop;

import cn.hotline.kernel.crypto.PersonalDataCipher;
import cn.hotline.kernel.crypto.PhoneNumbers;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.ticket.ticket.TicketAccess;
import cn.hotline.ticket.ticket.TicketTransactions;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /tenants/{t}/screen-pop?number=&category=}: the caller's tickets in this tenant, newest first (found by
 * the keyed blind index of the normalised number; numbers are never stored or searched in clear), the calls linked
 * to them, and a duplicate hint: the newest still-open ticket of the same caller opened within {@code
 * duplicate-window} (same category first when one is given). Tickets of another tenant are never found: the index is
 * keyed per tenant and row-level security applies.
 */
@RestController
final class ScreenPop {

    private static final List<String> FINISHED = List.of("CLOSED", "ARCHIVED", "MERGED");

    private final DatabaseClient db;
    private final TicketTransactions tx;
    private final PersonalDataCipher cipher;
    private final ScreenPopProperties properties;
    private final Clock clock;

    ScreenPop(
            DatabaseClient db,
            TicketTransactions tx,
            PersonalDataCipher cipher,
            ScreenPopProperties properties,
            ObjectProvider<Clock> clock) {
        this.db = db;
        this.tx = tx;
        this.cipher = cipher;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    record RecentTicket(
            String id,
            String status,
            String kind,
            String category,
            String summary,
            @Nullable String mainUnit,
            List<String> calls,
            Instant openedAt) {}

    record DuplicateHint(String ticket, String reason) {}

    record Answer(int total, List<RecentTicket> tickets, List<String> calls, @Nullable DuplicateHint duplicate) {}

    @GetMapping("/tenants/{tenant}/screen-pop")
    Mono<Answer> pop(
            @PathVariable String tenant,
            @RequestParam(required = false) @Nullable String number,
            @RequestParam(required = false) @Nullable String category) {
        return TicketAccess.centre(tenant, TicketAccess.INTAKE).flatMap(grant -> {
            String normalised;
            try {
                normalised = PhoneNumbers.normalise(number == null ? "" : number);
            } catch (IllegalArgumentException e) {
                return Mono.error(new ProblemException(
                        ProblemCode.VALIDATION_FAILED, "number must be a phone number", Map.of("field", "number")));
            }
            return lookup(grant.context(), grant.caller().tenant(), normalised, category);
        });
    }

    private Mono<Answer> lookup(
            TenantContext context, cn.hotline.kernel.id.TenantId tenant, String number, @Nullable String category) {
        Instant now = clock.instant();
        return tx.run(
                        context,
                        db.sql("SELECT id, status, kind, category, summary, main_unit, calls, opened_at FROM ticket"
                                        + " WHERE phone_index = :idx AND opened_at >= :since"
                                        + " ORDER BY opened_at DESC LIMIT :n")
                                .bind("idx", cipher.blindIndex(tenant, number))
                                .bind("since", now.minus(properties.window()).atOffset(ZoneOffset.UTC))
                                .bind("n", properties.limit())
                                .map(row -> new RecentTicket(
                                        Objects.requireNonNull(row.get("id", UUID.class))
                                                .toString(),
                                        Objects.requireNonNull(row.get("status", String.class)),
                                        Objects.requireNonNull(row.get("kind", String.class)),
                                        Objects.requireNonNull(row.get("category", String.class)),
                                        Objects.requireNonNull(row.get("summary", String.class)),
                                        row.get("main_unit", String.class),
                                        List.of(Objects.requireNonNull(row.get("calls", UUID[].class))).stream()
                                                .map(UUID::toString)
                                                .toList(),
                                        Objects.requireNonNull(row.get("opened_at", OffsetDateTime.class))
                                                .toInstant()))
                                .all()
                                .collectList())
                .map(tickets -> {
                    Set<String> calls = new LinkedHashSet<>();
                    tickets.forEach(t -> calls.addAll(t.calls()));
                    return new Answer(tickets.size(), tickets, new ArrayList<>(calls), hint(tickets, category, now));
                });
    }

    private @Nullable DuplicateHint hint(List<RecentTicket> tickets, @Nullable String category, Instant now) {
        List<RecentTicket> open = tickets.stream()
                .filter(t -> !FINISHED.contains(t.status()))
                .filter(t -> t.openedAt().isAfter(now.minus(properties.duplicateWindow())))
                .toList();
        if (open.isEmpty()) {
            return null;
        }
        RecentTicket best = open.stream()
                .filter(t -> t.category().equals(category))
                .findFirst()
                .orElse(open.getFirst());
        boolean sameCategory = best.category().equals(category);
        return new DuplicateHint(
                best.id(),
                (sameCategory ? "same caller and category" : "same caller")
                        + ", ticket still " + best.status() + " since " + best.openedAt()
                        + ": link this call or merge (并单) rather than open a new ticket");
    }
}

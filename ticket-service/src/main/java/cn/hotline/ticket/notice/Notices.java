package cn.hotline.ticket.notice;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.ticket.ticket.TicketTransactions;
import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reading notices and marking them read. A unit's or workstation's user sees only the notices addressed to its scope
 * (row-level security); whole-tenant users see all and may filter by unit. A notice is read once: the first mark
 * stays (who and when).
 */
@Component
public final class Notices {

    private final DatabaseClient db;
    private final TicketTransactions tx;
    private final Clock clock;

    Notices(DatabaseClient db, TicketTransactions tx, ObjectProvider<Clock> clock) {
        this.db = db;
        this.tx = tx;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /**
     * Notices, newest first.
     *
     * @param unit only those addressed to this unit
     * @param unread only those nobody marked read
     */
    public Flux<Notice> list(TenantContext context, @Nullable String unit, boolean unread, int limit) {
        if (limit < 1 || limit > 500) {
            return Flux.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "limit must be 1 to 500.", java.util.Map.of("field", "limit")));
        }
        return tx.run(
                context,
                db.sql("SELECT * FROM ticket_notice WHERE (CAST(:unit AS text) IS NULL OR recipient_unit = :unit)"
                                + " AND (NOT :unread OR read_at IS NULL) ORDER BY created_at DESC, id DESC LIMIT :n")
                        .bind("unit", Parameter.fromOrEmpty(unit, String.class))
                        .bind("unread", unread)
                        .bind("n", limit)
                        .map(Notices::notice)
                        .all());
    }

    /** Marks the notice read by {@code who} unless it is read already; 404 when the caller cannot see it. */
    public Mono<Notice> markRead(TenantContext context, UUID id, String who) {
        return tx.run(
                context,
                db.sql("UPDATE ticket_notice SET read_at = :at, read_by = :who WHERE id = :id AND read_at IS NULL")
                        .bind("at", clock.instant().atOffset(ZoneOffset.UTC))
                        .bind("who", who)
                        .bind("id", id)
                        .fetch()
                        .rowsUpdated()
                        .then(db.sql("SELECT * FROM ticket_notice WHERE id = :id")
                                .bind("id", id)
                                .map(Notices::notice)
                                .one())
                        .switchIfEmpty(Mono.error(
                                () -> new ProblemException(ProblemCode.NOT_FOUND, "No notice " + id + "."))));
    }

    private static Notice notice(Readable row) {
        return new Notice(
                Objects.requireNonNull(row.get("id", UUID.class)),
                Objects.requireNonNull(row.get("ticket_id", UUID.class)),
                Objects.requireNonNull(row.get("ledger_seq", Integer.class)),
                Objects.requireNonNull(row.get("kind", String.class)),
                row.get("level", String.class),
                row.get("limit_name", String.class),
                row.get("recipient_unit", String.class),
                row.get("recipient_scope", String.class),
                Objects.requireNonNull(row.get("note", String.class)),
                Objects.requireNonNull(instant(row.get("created_at", OffsetDateTime.class))),
                instant(row.get("published_at", OffsetDateTime.class)),
                instant(row.get("read_at", OffsetDateTime.class)),
                row.get("read_by", String.class));
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}

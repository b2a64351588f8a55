package cn.hotline.ticket.ticket;

import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.ticket.ticket.domain.TicketStatus;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/** Lists of tickets from the projection, narrowed by row-level security like every read. */
@Component
final class TicketQueries {

    private final DatabaseClient db;
    private final TicketTransactions tx;

    TicketQueries(DatabaseClient db, TicketTransactions tx) {
        this.db = db;
        this.tx = tx;
    }

    record Summary(
            String id,
            int version,
            String status,
            String kind,
            String category,
            String urgency,
            String summary,
            @Nullable String mainUnit,
            boolean hard,
            List<String> warnings,
            OffsetDateTime openedAt) {}

    Flux<Summary> list(TenantContext context, @Nullable String status, int limit) {
        if (limit < 1 || limit > 500) {
            return Flux.error(new ProblemException(ProblemCode.VALIDATION_FAILED, "limit must be 1-500"));
        }
        if (status != null
                && Arrays.stream(TicketStatus.values()).noneMatch(s -> s.name().equals(status))) {
            return Flux.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "status must be one of " + List.of(TicketStatus.values())));
        }
        return tx.run(
                context,
                db.sql("SELECT id, version, status, kind, category, urgency, summary, main_unit, hard, warnings,"
                                + " opened_at FROM ticket WHERE (CAST(:s AS text) IS NULL OR status = :s)"
                                + " ORDER BY opened_at DESC LIMIT :n")
                        .bind("s", org.springframework.r2dbc.core.Parameter.fromOrEmpty(status, String.class))
                        .bind("n", limit)
                        .map(row -> new Summary(
                                Objects.requireNonNull(row.get("id", UUID.class))
                                        .toString(),
                                Objects.requireNonNull(row.get("version", Integer.class)),
                                Objects.requireNonNull(row.get("status", String.class)),
                                Objects.requireNonNull(row.get("kind", String.class)),
                                Objects.requireNonNull(row.get("category", String.class)),
                                Objects.requireNonNull(row.get("urgency", String.class)),
                                Objects.requireNonNull(row.get("summary", String.class)),
                                row.get("main_unit", String.class),
                                Boolean.TRUE.equals(row.get("hard", Boolean.class)),
                                List.of(Objects.requireNonNull(row.get("warnings", String[].class))),
                                Objects.requireNonNull(row.get("opened_at", OffsetDateTime.class))))
                        .all());
    }
}

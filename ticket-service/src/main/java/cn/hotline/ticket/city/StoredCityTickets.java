package cn.hotline.ticket.city;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The stand-in intake until the ticket aggregate takes city transfers: keeps each accepted city ticket in {@code
 * city_ticket} (no personal data: the caller's name and number are not stored here) and answers with its id. The lead
 * replaces this bean with an adapter to the ticket aggregate.
 */
@Component
final class StoredCityTickets implements CityTicketIntake {

    private final DatabaseClient db;

    StoredCityTickets(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Intake> accept(TenantId tenant, CityTicket ticket) {
        UUID id = Uuids.v7();
        var insert = db.sql("INSERT INTO city_ticket (tenant_id, id, city_ticket_no, title, category, urgency,"
                        + " confidential, due_at) VALUES (:t, :id, :no, :title, :category, :urgency, :confidential,"
                        + " :due) ON CONFLICT (tenant_id, city_ticket_no) DO NOTHING")
                .bind("t", tenant.value())
                .bind("id", id)
                .bind("no", ticket.cityTicketNo())
                .bind("title", ticket.title())
                .bind("urgency", ticket.urgency().name())
                .bind("confidential", ticket.confidential());
        String category = ticket.category();
        insert = category == null ? insert.bindNull("category", String.class) : insert.bind("category", category);
        Instant due = ticket.dueAt();
        insert = due == null
                ? insert.bindNull("due", OffsetDateTime.class)
                : insert.bind("due", due.atOffset(ZoneOffset.UTC));
        return insert.fetch()
                .rowsUpdated()
                .flatMap(rows -> rows == 1
                        ? Mono.<Intake>just(new Intake.Accepted(id))
                        : find(ticket.cityTicketNo()).map(row -> (Intake) new Intake.AlreadyKnown(row.id())));
    }

    @Override
    public Mono<Urge> urge(TenantId tenant, CityUrge urge) {
        return db.sql("UPDATE city_ticket SET urges = urges + 1, updated_at = clock_timestamp()"
                        + " WHERE tenant_id = :t AND city_ticket_no = :no RETURNING id, urges")
                .bind("t", tenant.value())
                .bind("no", urge.cityTicketNo())
                .map(row -> (Urge) new Urge.Urged(
                        Objects.requireNonNull(row.get("id", UUID.class)),
                        Objects.requireNonNull(row.get("urges", Integer.class))))
                .one()
                .flatMap(urged -> db.sql("INSERT INTO city_urge (tenant_id, id, city_ticket_no, reason)"
                                + " VALUES (:t, :id, :no, :reason)")
                        .bind("t", tenant.value())
                        .bind("id", Uuids.v7())
                        .bind("no", urge.cityTicketNo())
                        .bind("reason", urge.reason())
                        .fetch()
                        .rowsUpdated()
                        .thenReturn(urged))
                .defaultIfEmpty(new Urge.UnknownTicket(urge.cityTicketNo()));
    }

    @Override
    public Mono<Status> status(TenantId tenant, String cityTicketNo) {
        return find(cityTicketNo)
                .map(row -> (Status) new Status.Known(row.id(), row.state(), row.urges(), row.updatedAt()))
                .defaultIfEmpty(new Status.UnknownTicket(cityTicketNo));
    }

    private record Row(UUID id, String state, int urges, Instant updatedAt) {}

    private Mono<Row> find(String cityTicketNo) {
        return db.sql("SELECT id, state, urges, updated_at FROM city_ticket WHERE city_ticket_no = :no")
                .bind("no", cityTicketNo)
                .map(row -> new Row(
                        Objects.requireNonNull(row.get("id", UUID.class)),
                        Objects.requireNonNull(row.get("state", String.class)),
                        Objects.requireNonNull(row.get("urges", Integer.class)),
                        Objects.requireNonNull(row.get("updated_at", OffsetDateTime.class))
                                .toInstant()))
                .one();
    }
}

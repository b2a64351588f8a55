package cn.hotline.workforce.announcement;

import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /tenants/{t}/notes}: a user's personal notes (便签), pinned first, then the latest changed. Nobody else reads
 * them, not even a tenant admin: every statement names the owner, and another user's note is 404.
 */
@RestController
final class Notes {

    private final DatabaseClient db;
    private final AnnouncementBoard board;
    private final Clock clock;

    Notes(DatabaseClient db, AnnouncementBoard board, ObjectProvider<Clock> clock) {
        this.db = db;
        this.board = board;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    record Note(
            UUID id,
            String title,
            String body,
            boolean pinned,
            @Nullable Instant remindAt,
            @Nullable Instant remindedAt,
            Instant createdAt,
            Instant updatedAt) {}

    record NoteBody(
            @Nullable String title, @Nullable String body, @Nullable Boolean pinned, @Nullable Instant remindAt) {

        void validate() {
            if (title == null || title.isBlank() || title.strip().length() > 100) {
                throw new ProblemException(
                        ProblemCode.VALIDATION_FAILED, "title has 1-100 characters", Map.of("field", "title"));
            }
            if (body != null && body.length() > 5000) {
                throw new ProblemException(
                        ProblemCode.VALIDATION_FAILED, "body has at most 5000 characters", Map.of("field", "body"));
            }
        }
    }

    @GetMapping("/tenants/{tenant}/notes")
    Flux<Note> list(@PathVariable String tenant) {
        return BoardAccess.user(tenant)
                .flatMapMany(me -> board.tx(
                        me.tenant(),
                        db.sql("SELECT * FROM note WHERE owner = :me ORDER BY pinned DESC, updated_at DESC")
                                .bind("me", me.subject())
                                .map(Notes::note)
                                .all()));
    }

    /** The caller's notes whose reminder time has passed, the latest first (what the console shows as due). */
    @GetMapping("/tenants/{tenant}/notes/reminders")
    Flux<Note> reminders(@PathVariable String tenant) {
        return BoardAccess.user(tenant)
                .flatMapMany(me -> board.tx(
                        me.tenant(),
                        db.sql("SELECT * FROM note WHERE owner = :me AND remind_at <= :now ORDER BY remind_at DESC")
                                .bind("me", me.subject())
                                .bind("now", clock.instant())
                                .map(Notes::note)
                                .all()));
    }

    @PostMapping("/tenants/{tenant}/notes")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Note> add(@PathVariable String tenant, @RequestBody NoteBody b) {
        return BoardAccess.user(tenant).flatMap(me -> {
            b.validate();
            UUID id = Uuids.v7();
            Instant now = clock.instant();
            return board.tx(
                    me.tenant(),
                    // the job visits messaging tenants only: a tenant whose first use is a note becomes one
                    db.sql("INSERT INTO messaging_tenant (tenant_slug) VALUES (:t) ON CONFLICT DO NOTHING")
                            .bind("t", me.tenant().value())
                            .fetch()
                            .rowsUpdated()
                            .then(db.sql(
                                            "INSERT INTO note (tenant_id, id, owner, title, body, pinned, remind_at, created_at,"
                                                    + " updated_at) VALUES (:t, :id, :me, :ti, :b, :p, :r, :now, :now) RETURNING *")
                                    .bind("t", me.tenant().value())
                                    .bind("id", id)
                                    .bind("me", me.subject())
                                    .bind(
                                            "ti",
                                            Objects.requireNonNull(b.title()).strip())
                                    .bind("b", b.body() == null ? "" : b.body())
                                    .bind("p", Boolean.TRUE.equals(b.pinned()))
                                    .bind("r", Parameter.fromOrEmpty(b.remindAt(), Instant.class))
                                    .bind("now", now)
                                    .map(Notes::note)
                                    .one()));
        });
    }

    @PutMapping("/tenants/{tenant}/notes/{id}")
    Mono<Note> update(@PathVariable String tenant, @PathVariable UUID id, @RequestBody NoteBody b) {
        return BoardAccess.user(tenant).flatMap(me -> {
            b.validate();
            return board.tx(
                    me.tenant(),
                    db.sql("UPDATE note SET title = :ti, body = :b, pinned = :p, reminded_at = CASE WHEN remind_at IS"
                                    + " NOT DISTINCT FROM :r THEN reminded_at END, remind_at = :r, updated_at = :now"
                                    + " WHERE id = :id AND owner = :me RETURNING *")
                            .bind("ti", Objects.requireNonNull(b.title()).strip())
                            .bind("b", b.body() == null ? "" : b.body())
                            .bind("p", Boolean.TRUE.equals(b.pinned()))
                            .bind("r", Parameter.fromOrEmpty(b.remindAt(), Instant.class))
                            .bind("now", clock.instant())
                            .bind("id", id)
                            .bind("me", me.subject())
                            .map(Notes::note)
                            .one()
                            .switchIfEmpty(notFound(id)));
        });
    }

    @DeleteMapping("/tenants/{tenant}/notes/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(@PathVariable String tenant, @PathVariable UUID id) {
        return BoardAccess.user(tenant)
                .flatMap(me -> board.tx(
                        me.tenant(),
                        db.sql("DELETE FROM note WHERE id = :id AND owner = :me")
                                .bind("id", id)
                                .bind("me", me.subject())
                                .fetch()
                                .rowsUpdated()
                                .flatMap(n -> n == 0 ? notFound(id).then() : Mono.<Void>empty())));
    }

    private static Mono<Note> notFound(UUID id) {
        return Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No note " + id));
    }

    private static Note note(Readable row) {
        return new Note(
                Objects.requireNonNull(row.get("id", UUID.class)),
                Objects.requireNonNull(row.get("title", String.class)),
                Objects.requireNonNull(row.get("body", String.class)),
                Boolean.TRUE.equals(row.get("pinned", Boolean.class)),
                row.get("remind_at", Instant.class),
                row.get("reminded_at", Instant.class),
                Objects.requireNonNull(row.get("created_at", Instant.class)),
                Objects.requireNonNull(row.get("updated_at", Instant.class)));
    }
}

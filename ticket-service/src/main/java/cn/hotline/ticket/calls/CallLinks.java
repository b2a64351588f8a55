package cn.hotline.ticket.calls;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.ticket.ticket.TicketCalls;
import cn.hotline.ticket.ticket.TicketManagement;
import cn.hotline.ticket.ticket.TicketTransactions;
import cn.hotline.ticket.ticket.TicketView;
import cn.hotline.ticket.ticket.domain.Actor;
import cn.hotline.ticket.ticket.domain.TicketCommand;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies call events to what this service knows of calls ({@code ticket_call}), once per event id
 * ({@code ticket_call_event}), and links answered calls to tickets: a ticket its agent opens while on the call (or
 * within the wrap-up after it) gets the call at intake ({@link #during}); a ticket opened before the events arrived
 * gets it when the call's end is applied ({@code LinkCall} by {@code system:call-events}). Linking twice is refused by
 * the aggregate and ignored here, so a re-delivered event changes nothing.
 */
@Component
public final class CallLinks implements TicketCalls {

    static final Actor ACTOR = Actor.system("call-events");
    /** A call whose end never arrived stops counting as "the call the agent is on" after this long. */
    private static final Duration LONGEST_CALL = Duration.ofHours(4);

    private final DatabaseClient db;
    private final TicketTransactions tx;
    private final TicketManagement tickets;
    private final CallLinksProperties properties;

    CallLinks(DatabaseClient db, TicketTransactions tx, TicketManagement tickets, CallLinksProperties properties) {
        this.db = db;
        this.tx = tx;
        this.tickets = tickets;
        this.properties = properties;
    }

    /** A call event as read from the topic (only what linking needs). */
    record CallEventMessage(
            UUID eventId,
            String type,
            long sequence,
            @Nullable UUID call,
            @Nullable String agent,
            Instant at,
            @Nullable Recording recording) {

        CallEventMessage(
                UUID eventId, String type, long sequence, @Nullable UUID call, @Nullable String agent, Instant at) {
            this(eventId, type, sequence, call, agent, at, null);
        }
    }

    /** What a {@code CallRecorded} event says of the call's recording. */
    record Recording(String recordingId, String objectKey, String sha256, long durationMs) {
        Recording {
            if (recordingId.isBlank() || objectKey.isBlank()) {
                throw new IllegalArgumentException("a recording needs its id and key");
            }
        }
    }

    /** The recording of a call as the API shows it. */
    record RecordingView(String call, String recordingId, String objectKey, String sha256, long durationMs) {}

    /** What applying one event did. */
    sealed interface Applied {
        record Recorded(@Nullable UUID call, int linked) implements Applied {}

        record AlreadySeen(@Nullable UUID call, int linked) implements Applied {}
    }

    /** Applies one event of the tenant's topic; idempotent by {@code eventId}. */
    Mono<Applied> apply(TenantId tenant, CallEventMessage event) {
        TenantContext context = TenantContext.of(tenant);
        Mono<Boolean> first = tx.run(
                context,
                db.sql("INSERT INTO ticket_call_event (tenant_id, event_id, type) VALUES (:t, :id, :type)"
                                + " ON CONFLICT DO NOTHING")
                        .bind("t", tenant.value())
                        .bind("id", event.eventId())
                        .bind("type", event.type())
                        .fetch()
                        .rowsUpdated()
                        .flatMap(rows -> rows == 0
                                ? Mono.just(false)
                                : record(tenant, event).thenReturn(true)));
        return first.flatMap(recorded -> {
            // linking is idempotent, so it runs on a re-delivery too (the first delivery may have died before it)
            Mono<Integer> linked = event.call() != null && "CallEnded".equals(event.type())
                    ? link(tenant, event.call())
                    : Mono.just(0);
            return linked.map(n -> recorded
                    ? (Applied) new Applied.Recorded(event.call(), n)
                    : new Applied.AlreadySeen(event.call(), n));
        });
    }

    private Mono<Void> record(TenantId tenant, CallEventMessage event) {
        if (event.call() == null) {
            return Mono.empty();
        }
        Recording recording = event.recording();
        if ("CallRecorded".equals(event.type()) && recording != null) {
            // the call row may not exist yet (events of other kinds may come later): no sequence to compare with
            return db.sql("INSERT INTO ticket_call (tenant_id, call_id, last_sequence, recording_id, recording_key,"
                            + " recording_sha, recording_ms) VALUES (:t, :call, 0, :rid, :key, :sha, :ms)"
                            + " ON CONFLICT (tenant_id, call_id) DO UPDATE SET recording_id = EXCLUDED.recording_id,"
                            + " recording_key = EXCLUDED.recording_key, recording_sha = EXCLUDED.recording_sha,"
                            + " recording_ms = EXCLUDED.recording_ms")
                    .bind("t", tenant.value())
                    .bind("call", event.call())
                    .bind("rid", recording.recordingId())
                    .bind("key", recording.objectKey())
                    .bind("sha", recording.sha256())
                    .bind("ms", recording.durationMs())
                    .fetch()
                    .rowsUpdated()
                    .then();
        }
        String sql =
                switch (event.type()) {
                    case "CallAnswered" ->
                        "INSERT INTO ticket_call (tenant_id, call_id, agent, answered_at, last_sequence) VALUES (:t,"
                                + " :call, :agent, :at, :seq) ON CONFLICT (tenant_id, call_id) DO UPDATE SET agent ="
                                + " EXCLUDED.agent, answered_at = EXCLUDED.answered_at, last_sequence ="
                                + " greatest(ticket_call.last_sequence, EXCLUDED.last_sequence)";
                    case "CallEnded" ->
                        "INSERT INTO ticket_call (tenant_id, call_id, agent, ended_at, last_sequence) VALUES (:t,"
                                + " :call, :agent, :at, :seq) ON CONFLICT (tenant_id, call_id) DO UPDATE SET agent ="
                                + " coalesce(ticket_call.agent, EXCLUDED.agent), ended_at = EXCLUDED.ended_at,"
                                + " last_sequence = greatest(ticket_call.last_sequence, EXCLUDED.last_sequence)";
                    default -> null;
                };
        if (sql == null) {
            return Mono.empty();
        }
        return db.sql(sql)
                .bind("t", tenant.value())
                .bind("call", event.call())
                .bind("agent", Parameter.fromOrEmpty(event.agent(), String.class))
                .bind("at", utc(event.at()))
                .bind("seq", event.sequence())
                .fetch()
                .rowsUpdated()
                .then();
    }

    /**
     * Links the call to every open ticket its agent opened between answering it and the end of the wrap-up that
     * does not have it yet; returns how many it linked.
     */
    Mono<Integer> link(TenantId tenant, UUID call) {
        TenantContext context = TenantContext.of(tenant);
        Flux<UUID> candidates = tx.run(
                context,
                db.sql("SELECT t.id FROM ticket_call c JOIN ticket_ledger l ON l.seq = 1 AND l.actor = 'user:' ||"
                                + " c.agent JOIN ticket t ON t.id = l.ticket_id WHERE c.call_id = :call AND"
                                + " c.answered_at IS NOT NULL AND c.ended_at IS NOT NULL AND t.opened_at >="
                                + " c.answered_at AND t.opened_at <= c.ended_at + :wrap * interval '1 second' AND NOT"
                                + " (:call = ANY (t.calls)) AND t.status NOT IN ('CLOSED', 'ARCHIVED', 'MERGED')"
                                + " ORDER BY t.opened_at")
                        .bind("call", call)
                        .bind("wrap", (double) properties.wrapUp().toSeconds())
                        .map(row -> Objects.requireNonNull(row.get("id", UUID.class)))
                        .all());
        return candidates
                .concatMap(ticket -> tickets.handle(
                                context, ticket, new TicketCommand.LinkCall(new CallId(call)), ACTOR, null, null)
                        .thenReturn(1)
                        .onErrorResume(
                                ProblemException.class,
                                e -> e.code() == ProblemCode.ILLEGAL_TRANSITION ? Mono.just(0) : Mono.error(e)))
                .reduce(0, Integer::sum);
    }

    @Override
    public Flux<CallId> during(String actorId, Instant at) {
        if (!actorId.startsWith("user:")) {
            return Flux.empty();
        }
        return db.sql("SELECT call_id FROM ticket_call WHERE agent = :agent AND answered_at <= :at AND answered_at >="
                        + " :oldest AND (ended_at IS NULL OR ended_at >= :wrapped) ORDER BY answered_at DESC LIMIT 1")
                .bind("agent", actorId.substring("user:".length()))
                .bind("at", utc(at))
                .bind("oldest", utc(at.minus(LONGEST_CALL)))
                .bind("wrapped", utc(at.minus(properties.wrapUp())))
                .map(row -> new CallId(Objects.requireNonNull(row.get("call_id", UUID.class))))
                .all();
    }

    @Override
    public Flux<TicketView.CallView> describe(TenantContext context, List<CallId> calls) {
        UUID[] ids = calls.stream().map(CallId::value).toArray(UUID[]::new);
        return tx.run(
                context,
                db.sql("SELECT call_id, agent, answered_at, ended_at, recording_key FROM ticket_call"
                                + " WHERE call_id = ANY (:ids)")
                        .bind("ids", ids)
                        .map(row -> {
                            CallId call = new CallId(Objects.requireNonNull(row.get("call_id", UUID.class)));
                            return new TicketView.CallView(
                                    call.toString(),
                                    row.get("agent", String.class),
                                    instant(row.get("answered_at", OffsetDateTime.class)),
                                    instant(row.get("ended_at", OffsetDateTime.class)),
                                    // the key CallRecorded named; before it (or for old links) the archive's
                                    // conventional key
                                    Objects.requireNonNullElse(
                                            row.get("recording_key", String.class),
                                            TicketView.CallView.recordingKey(call)));
                        })
                        .all());
    }

    /** The call's recording as CallRecorded named it; empty when no such event arrived (or another tenant's call). */
    Mono<RecordingView> recording(TenantContext context, CallId call) {
        return tx.run(
                context,
                db.sql("SELECT recording_id, recording_key, recording_sha, recording_ms FROM ticket_call"
                                + " WHERE call_id = :call AND recording_id IS NOT NULL")
                        .bind("call", call.value())
                        .map(row -> new RecordingView(
                                call.toString(),
                                Objects.requireNonNull(row.get("recording_id", String.class)),
                                Objects.requireNonNull(row.get("recording_key", String.class)),
                                Objects.requireNonNull(row.get("recording_sha", String.class)),
                                Objects.requireNonNull(row.get("recording_ms", Long.class))))
                        .one());
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}

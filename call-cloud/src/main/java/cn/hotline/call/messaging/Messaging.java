package cn.hotline.call.messaging;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentSkill;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.security.Role;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A tenant's internal messages: {@link #send}, {@link #markRead}, {@link #history} and the live {@link #inbox} of one
 * person. Who may write to whom: anyone (agent, supervisor, admin) to one person of the tenant; only supervisors and
 * admins to a skill group or to all ({@code FORBIDDEN} otherwise). Who sees what: a person sees what they sent, what
 * was sent to them, to all, and to a skill group they are enrolled in with the ACD; supervisors and admins see every
 * group's messages. The tenant comes from the caller, and every query runs under the tenant's row-level security.
 */
public final class Messaging {

    /** Most messages marked read in one command. */
    public static final int MAX_READ_BATCH = 200;

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final AcdManagement acd;
    private final MessageBroadcast broadcast;
    private final Clock clock;

    Messaging(DatabaseClient db, TransactionalOperator tx, AcdManagement acd, MessageBroadcast broadcast, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.acd = acd;
        this.broadcast = broadcast;
        this.clock = clock;
    }

    /** A page of history, newest first, and how many messages the reader has not read yet (all pages). */
    public record History(List<Entry> messages, long unread) {
        public History {
            messages = List.copyOf(messages);
        }
    }

    /** A message in someone's history, with whether that person has read it (their own count as read). */
    public record Entry(InternalMessage message, boolean read) {}

    /**
     * Stores and delivers a message from {@code from}. {@code origin} names the socket or request sending it: that
     * socket has its reply and is not pushed the same message again.
     */
    public Mono<InternalMessage> send(Caller from, Recipient to, String text, String origin) {
        return Mono.defer(() -> {
            requireMember(from);
            if (to.kind() != Recipient.Kind.AGENT && !supervises(from)) {
                return Mono.error(new ProblemException(
                        ProblemCode.FORBIDDEN, "Only supervisors and admins write to a skill group or to all."));
            }
            if (to.kind() == Recipient.Kind.AGENT && from.subject().equals(to.value())) {
                return Mono.error(
                        new ProblemException(ProblemCode.VALIDATION_FAILED, "A message to yourself is not sent."));
            }
            try {
                InternalMessage.requireValidText(text);
            } catch (IllegalArgumentException e) {
                return Mono.error(new ProblemException(ProblemCode.VALIDATION_FAILED, e.getMessage()));
            }
            InternalMessage message = new InternalMessage(
                    Uuids.v7(),
                    from.subject(),
                    from.name(),
                    to,
                    text.strip(),
                    clock.instant().truncatedTo(ChronoUnit.MICROS));
            DatabaseClient.GenericExecuteSpec insert = db.sql(
                            "INSERT INTO internal_message (tenant_id, id, sender, sender_name, recipient_kind,"
                                    + " recipient, body, sent_at) VALUES (:tenant, :id, :sender, :name, :kind,"
                                    + " :recipient, :body, :at)")
                    .bind("tenant", from.tenant().value())
                    .bind("id", message.id())
                    .bind("sender", message.from())
                    .bind("kind", to.kind().name())
                    .bind("body", message.text())
                    .bind("at", message.sentAt().atOffset(ZoneOffset.UTC));
            insert = message.fromName() == null
                    ? insert.bindNull("name", String.class)
                    : insert.bind("name", message.fromName());
            insert = to.value() == null
                    ? insert.bindNull("recipient", String.class)
                    : insert.bind("recipient", to.value());
            return insert.fetch()
                    .rowsUpdated()
                    .as(tx::transactional)
                    .then(broadcast.publish(from.tenant(), new MessageEvent.Sent(message, origin)))
                    .thenReturn(message);
        });
    }

    /**
     * Marks messages read by {@code reader}; answers the ids that were marked (or already were): those the reader may
     * see and did not send. Unknown or foreign ids are left out, not refused, so a console can mark what it shows.
     */
    public Mono<List<UUID>> markRead(Caller reader, List<UUID> ids, String origin) {
        return Mono.defer(() -> {
            requireMember(reader);
            if (ids.isEmpty() || ids.size() > MAX_READ_BATCH) {
                return Mono.error(new ProblemException(
                        ProblemCode.VALIDATION_FAILED, "\"ids\" lists 1-" + MAX_READ_BATCH + " message ids."));
            }
            UUID[] wanted = new LinkedHashSet<>(ids).toArray(UUID[]::new);
            return groups(reader)
                    .flatMap(groups -> db.sql("INSERT INTO internal_message_read (tenant_id, message_id,"
                                    + " reader, read_at) SELECT m.tenant_id, m.id, :me, now() FROM internal_message m"
                                    + " WHERE m.id = ANY(:ids) AND m.sender <> :me AND " + VISIBLE
                                    + " ON CONFLICT DO NOTHING")
                            .bind("me", reader.subject())
                            .bind("ids", wanted)
                            .bind("supervisor", supervises(reader))
                            .bind("groups", groups)
                            .fetch()
                            .rowsUpdated()
                            .thenMany(db.sql(
                                            "SELECT m.id, m.sender FROM internal_message m JOIN internal_message_read r"
                                                    + " ON r.message_id = m.id AND r.reader = :me WHERE m.id = ANY(:ids)"
                                                    + " ORDER BY m.id")
                                    .bind("me", reader.subject())
                                    .bind("ids", wanted)
                                    .map(row ->
                                            new Object[] {row.get("id", UUID.class), row.get("sender", String.class)})
                                    .all())
                            .collectList()
                            .as(tx::transactional))
                    .flatMap(rows -> {
                        List<UUID> marked = new ArrayList<>();
                        Set<String> senders = new HashSet<>();
                        for (Object[] row : rows) {
                            marked.add((UUID) row[0]);
                            senders.add((String) row[1]);
                        }
                        if (marked.isEmpty()) {
                            return Mono.just(marked);
                        }
                        return broadcast
                                .publish(reader.tenant(), new MessageEvent.Read(reader.subject(), marked, senders))
                                .thenReturn(marked);
                    });
        });
    }

    /**
     * A page of what {@code reader} may see, newest first. {@code with}: a user id (the direct conversation with that
     * person), {@code group:<id>} (one group's messages), {@code all} (messages to everyone), or null (everything).
     * {@code before}: a message id or an ISO-8601 instant; the page holds older messages only.
     */
    public Mono<History> history(Caller reader, @Nullable String with, @Nullable String before, int limit) {
        return Mono.defer(() -> {
            requireMember(reader);
            if (limit < 1 || limit > 200) {
                return Mono.error(new ProblemException(ProblemCode.VALIDATION_FAILED, "'limit' must be 1-200."));
            }
            StringBuilder where = new StringBuilder(VISIBLE);
            @Nullable String withValue = null;
            if (with != null && !with.isEmpty()) {
                if (with.equals("all")) {
                    where.append(" AND m.recipient_kind = 'ALL'");
                } else if (with.startsWith("group:")) {
                    withValue = recipient(() -> Recipient.group(with.substring("group:".length())));
                    where.append(" AND m.recipient_kind = 'GROUP' AND m.recipient = :with");
                } else {
                    withValue = recipient(() -> Recipient.agent(with));
                    where.append(" AND m.recipient_kind = 'AGENT' AND ((m.sender = :me AND m.recipient = :with)"
                            + " OR (m.sender = :with AND m.recipient = :me))");
                }
            }
            @Nullable UUID beforeId = null;
            @Nullable Instant beforeTime = null;
            if (before != null && !before.isEmpty()) {
                try {
                    beforeId = UUID.fromString(before);
                    where.append(" AND m.id < :before");
                } catch (IllegalArgumentException notAnId) {
                    try {
                        beforeTime = Instant.parse(before);
                        where.append(" AND m.sent_at < :before");
                    } catch (DateTimeParseException notATime) {
                        return Mono.error(new ProblemException(
                                ProblemCode.VALIDATION_FAILED,
                                "'before' is a message id or an ISO-8601 instant such as 2026-01-31T08:00:00Z."));
                    }
                }
            }
            String withBound = withValue;
            @Nullable
            Object beforeBound =
                    beforeId != null ? beforeId : beforeTime == null ? null : beforeTime.atOffset(ZoneOffset.UTC);
            return groups(reader).flatMap(groups -> {
                DatabaseClient.GenericExecuteSpec page = db.sql("SELECT m.*, (m.sender = :me OR EXISTS (SELECT 1 FROM"
                                + " internal_message_read r WHERE r.message_id = m.id AND r.reader = :me)) AS seen"
                                + " FROM internal_message m WHERE " + where + " ORDER BY m.id DESC LIMIT :limit")
                        .bind("me", reader.subject())
                        .bind("supervisor", supervises(reader))
                        .bind("groups", groups)
                        .bind("limit", limit);
                if (withBound != null) {
                    page = page.bind("with", withBound);
                }
                if (beforeBound != null) {
                    page = page.bind("before", beforeBound);
                }
                Mono<List<Entry>> entries = page.map(row -> new Entry(
                                new InternalMessage(
                                        row.get("id", UUID.class),
                                        row.get("sender", String.class),
                                        row.get("sender_name", String.class),
                                        new Recipient(
                                                Recipient.Kind.valueOf(row.get("recipient_kind", String.class)),
                                                row.get("recipient", String.class)),
                                        row.get("body", String.class),
                                        row.get("sent_at", OffsetDateTime.class).toInstant()),
                                Boolean.TRUE.equals(row.get("seen", Boolean.class))))
                        .all()
                        .collectList();
                Mono<Long> unread = db.sql("SELECT count(*) AS n FROM internal_message m WHERE " + VISIBLE
                                + " AND m.sender <> :me AND NOT EXISTS (SELECT 1 FROM internal_message_read r"
                                + " WHERE r.message_id = m.id AND r.reader = :me)")
                        .bind("me", reader.subject())
                        .bind("supervisor", supervises(reader))
                        .bind("groups", groups)
                        .map(row -> row.get("n", Long.class))
                        .one();
                return Mono.zip(entries, unread, History::new).as(tx::transactional);
            });
        });
    }

    /**
     * The live events that concern {@code viewer}: messages it may see (except those sent from {@code origin}, which
     * were answered there), and read marks by it or on messages it sent.
     */
    public Flux<MessageEvent> inbox(Caller viewer, String origin) {
        String me = viewer.subject();
        return broadcast.events(viewer.tenant()).concatMap(event -> switch (event) {
            case MessageEvent.Sent sent when sent.origin().equals(origin) -> Mono.empty();
            case MessageEvent.Sent sent ->
                sees(viewer, sent.message()).filter(Boolean::booleanValue).map(yes -> event);
            case MessageEvent.Read read ->
                read.reader().equals(me) || read.senders().contains(me) ? Mono.just(event) : Mono.empty();
        });
    }

    private Mono<Boolean> sees(Caller viewer, InternalMessage message) {
        String me = viewer.subject();
        return switch (message.to().kind()) {
            case ALL -> Mono.just(true);
            case AGENT -> Mono.just(me.equals(message.to().value()) || me.equals(message.from()));
            case GROUP ->
                supervises(viewer) || me.equals(message.from())
                        ? Mono.just(true)
                        : groups(viewer).map(groups -> List.of(groups)
                                .contains(message.to().value()));
        };
    }

    /** A message is visible to {@code :me} (binds {@code :me}, {@code :supervisor}, {@code :groups}). */
    private static final String VISIBLE = "(m.sender = :me OR (m.recipient_kind = 'AGENT' AND m.recipient = :me)"
            + " OR m.recipient_kind = 'ALL' OR (m.recipient_kind = 'GROUP' AND (:supervisor OR m.recipient ="
            + " ANY(:groups))))";

    /** The skill groups the person is enrolled in with the ACD (none when not enrolled). */
    private Mono<String[]> groups(Caller person) {
        if (supervises(person)) {
            return Mono.just(new String[0]);
        }
        AgentId agent;
        try {
            agent = AgentId.of(person.subject());
        } catch (IllegalArgumentException e) {
            return Mono.just(new String[0]);
        }
        return acd.agent(person.tenant(), agent)
                .map(snapshot -> snapshot.skills().stream()
                        .map(AgentSkill::skill)
                        .map(skill -> skill.value())
                        .toArray(String[]::new))
                .onErrorResume(
                        failure -> failure instanceof ProblemException p && p.code() == ProblemCode.NOT_FOUND,
                        failure -> Mono.just(new String[0]))
                .defaultIfEmpty(new String[0]);
    }

    private static boolean supervises(Caller caller) {
        return caller.has(Role.SUPERVISOR) || caller.has(Role.TENANT_ADMIN);
    }

    private static void requireMember(Caller caller) {
        if (caller.isPlatform()
                || !(caller.has(Role.AGENT) || caller.has(Role.SUPERVISOR) || caller.has(Role.TENANT_ADMIN))) {
            throw new ProblemException(
                    ProblemCode.FORBIDDEN, "Internal messages are for a tenant's agents, supervisors and admins.");
        }
    }

    private static String recipient(java.util.function.Supplier<Recipient> parse) {
        try {
            return java.util.Objects.requireNonNull(parse.get().value());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemCode.VALIDATION_FAILED, "'with': " + e.getMessage());
        }
    }
}

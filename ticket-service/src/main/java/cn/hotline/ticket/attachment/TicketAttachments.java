package cn.hotline.ticket.attachment;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.media.storage.ObjectStorage;
import cn.hotline.ticket.ticket.TicketManagement;
import cn.hotline.ticket.ticket.TicketTransactions;
import cn.hotline.ticket.ticket.domain.Actor;
import cn.hotline.ticket.ticket.domain.AttachmentRef;
import cn.hotline.ticket.ticket.domain.TicketCommand;
import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Attachments of tickets. An upload is checked against the tenant's {@link AttachmentPolicy} before anything is
 * stored, then put into S3 under {@code <tenant>/<ticket>/<id>}, then recorded — the metadata row and a ledger entry
 * ({@code NoteAdded} naming the file, its size and SHA-256, with the object key as the entry's attachment) in one
 * transaction, so the aggregate decides whether this actor may add to this ticket now (an archived case file takes
 * nothing). If recording fails, the object is deleted again. Downloads go through presigned links that live {@code
 * cc.ticket.attachments.link-validity}, each written to {@code ticket_attachment_access} before it is handed out.
 */
@Component
public final class TicketAttachments {

    private static final Logger log = LoggerFactory.getLogger(TicketAttachments.class);

    private final ObjectStorage storage;
    private final DatabaseClient db;
    private final TicketManagement tickets;
    private final TicketTransactions tx;
    private final AttachmentProperties properties;
    private final Clock clock;
    private final AtomicBoolean bucketReady = new AtomicBoolean();

    TicketAttachments(
            ObjectStorage storage,
            DatabaseClient db,
            TicketManagement tickets,
            TicketTransactions tx,
            AttachmentProperties properties,
            ObjectProvider<Clock> clock) {
        this.storage = storage;
        this.db = db;
        this.tickets = tickets;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** The largest upload any tenant may allow (what the HTTP layer reads at most). */
    public long ceilingBytes() {
        return properties.ceilingBytes();
    }

    /** The tenant's limits, or the platform's defaults when it set none. */
    public Mono<AttachmentPolicy> policy(TenantContext context) {
        return tx.run(context, storedPolicy()).defaultIfEmpty(properties.defaults());
    }

    private Mono<AttachmentPolicy> storedPolicy() {
        return db.sql("SELECT max_bytes, content_types FROM ticket_attachment_policy")
                .map(row -> new AttachmentPolicy(
                        Objects.requireNonNull(row.get("max_bytes", Long.class)),
                        Arrays.asList(Objects.requireNonNull(row.get("content_types", String[].class)))))
                .one();
    }

    /** Sets the tenant's limits; a limit above the platform's ceiling is refused. */
    public Mono<AttachmentPolicy> setPolicy(TenantContext context, AttachmentPolicy policy, String by) {
        if (policy.maxBytes() > properties.ceilingBytes()) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED,
                    "maxBytes may be at most " + properties.ceilingBytes() + " on this platform.",
                    Map.of("field", "maxBytes", "ceilingBytes", properties.ceilingBytes())));
        }
        TenantId tenant = tenantOf(context);
        return tx.run(
                        context,
                        db.sql("INSERT INTO ticket_attachment_policy (tenant_id, max_bytes, content_types, updated_by,"
                                        + " updated_at) VALUES (:t, :max, :types, :by, :at) ON CONFLICT (tenant_id)"
                                        + " DO UPDATE SET max_bytes = EXCLUDED.max_bytes, content_types ="
                                        + " EXCLUDED.content_types, updated_by = EXCLUDED.updated_by, updated_at ="
                                        + " EXCLUDED.updated_at")
                                .bind("t", tenant.value())
                                .bind("max", policy.maxBytes())
                                .bind("types", policy.contentTypes().toArray(String[]::new))
                                .bind("by", by)
                                .bind("at", utc(clock.instant()))
                                .fetch()
                                .rowsUpdated())
                .thenReturn(policy);
    }

    /**
     * Attaches {@code upload} to the ticket as {@code actor}.
     *
     * @param note what the actor says about it, if anything
     */
    public Mono<Attachment> attach(
            TenantContext context,
            UUID ticket,
            Actor actor,
            Upload upload,
            @Nullable String note,
            Attachment.Source source) {
        TenantId tenant = tenantOf(context);
        UUID id = Uuids.v7();
        String key = tenant.value() + "/" + ticket + "/" + id;
        String sha = upload.sha256();
        Instant at = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        String text = "上传附件 " + upload.name() + "（" + upload.size() + " 字节，SHA-256 " + sha + "）"
                + (note == null || note.isBlank() ? "" : "：" + note.strip());
        TicketCommand.AddNote command = new TicketCommand.AddNote(text, List.of(new AttachmentRef(key, upload.name())));
        Mono<Attachment> record = tickets.handle(context, ticket, command, actor, null, null, (after, entry) -> db.sql(
                                "INSERT INTO ticket_attachment (tenant_id, id, ticket_id, ledger_seq, object_key,"
                                        + " name, content_type, size_bytes, sha256, source, uploaded_by, uploaded_at)"
                                        + " VALUES (:t, :id, :ticket, :seq, :key, :name, :type, :size, :sha, :source,"
                                        + " :by, :at)")
                        .bind("t", tenant.value())
                        .bind("id", id)
                        .bind("ticket", ticket)
                        .bind("seq", entry.seq())
                        .bind("key", key)
                        .bind("name", upload.name())
                        .bind("type", upload.contentType())
                        .bind("size", upload.size())
                        .bind("sha", sha)
                        .bind("source", source.name())
                        .bind("by", actor.id())
                        .bind("at", utc(at))
                        .fetch()
                        .rowsUpdated()
                        .then())
                .map(after -> new Attachment(
                        id,
                        ticket,
                        upload.name(),
                        upload.contentType(),
                        upload.size(),
                        sha,
                        source.name(),
                        actor.id(),
                        at,
                        after.version()));
        return policy(context)
                .doOnNext(policy -> policy.check(upload))
                // the ticket must be visible to the caller before anything is stored (404 otherwise)
                .then(tickets.find(context, ticket))
                .then(bucket())
                .then(storage.put(properties.bucket(), key, upload.bytes(), upload.contentType()))
                .then(record.onErrorResume(error -> storage.delete(properties.bucket(), key)
                        .onErrorResume(cleanup -> {
                            log.warn("attachment {} of a refused step stays in S3: {}", key, cleanup.toString());
                            return Mono.empty();
                        })
                        .then(Mono.error(error))));
    }

    /** The ticket's attachments, oldest first (404 when the caller cannot see the ticket). */
    public Flux<Attachment> list(TenantContext context, UUID ticket) {
        return tickets.find(context, ticket)
                .thenMany(tx.run(
                        context,
                        db.sql("SELECT * FROM ticket_attachment WHERE ticket_id = :ticket ORDER BY uploaded_at, id")
                                .bind("ticket", ticket)
                                .map(TicketAttachments::attachment)
                                .all()));
    }

    /** A short-lived link to download one attachment; the access is audited first (no audit, no link). */
    public Mono<DownloadLink> link(TenantContext context, UUID ticket, UUID attachment, String who) {
        TenantId tenant = tenantOf(context);
        // PostgreSQL keeps microseconds: the answer shows what the audit holds
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Instant until = now.plus(properties.linkValidity());
        Mono<Found> audited = db.sql("SELECT object_key, name, content_type FROM ticket_attachment"
                        + " WHERE id = :id AND ticket_id = :ticket")
                .bind("id", attachment)
                .bind("ticket", ticket)
                .map(row -> new Found(
                        Objects.requireNonNull(row.get("object_key", String.class)),
                        Objects.requireNonNull(row.get("name", String.class)),
                        Objects.requireNonNull(row.get("content_type", String.class))))
                .one()
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.NOT_FOUND, "Ticket " + ticket + " has no attachment " + attachment + ".")))
                .flatMap(found -> db.sql("INSERT INTO ticket_attachment_access (tenant_id, id, attachment_id,"
                                + " ticket_id, who, at, valid_until) VALUES (:t, :id, :a, :ticket, :who, :at, :until)")
                        .bind("t", tenant.value())
                        .bind("id", Uuids.v7())
                        .bind("a", attachment)
                        .bind("ticket", ticket)
                        .bind("who", who)
                        .bind("at", utc(now))
                        .bind("until", utc(until))
                        .fetch()
                        .rowsUpdated()
                        .thenReturn(found));
        return tx.run(context, audited)
                .flatMap(found -> storage.presignedGet(properties.bucket(), found.key(), properties.linkValidity())
                        .map(url -> new DownloadLink(attachment, found.name(), found.contentType(), url, until)));
    }

    private record Found(String key, String name, String contentType) {}

    /** One download link handed out: who asked, when, until when it worked. */
    public record Access(UUID attachment, String who, Instant at, Instant validUntil) {}

    /** The access audit of one attachment, oldest first (404 when the caller cannot see the ticket). */
    public Flux<Access> accesses(TenantContext context, UUID ticket, UUID attachment) {
        return tickets.find(context, ticket)
                .thenMany(tx.run(
                        context,
                        db.sql("SELECT attachment_id, who, at, valid_until FROM ticket_attachment_access WHERE"
                                        + " ticket_id = :ticket AND attachment_id = :a ORDER BY at, id")
                                .bind("ticket", ticket)
                                .bind("a", attachment)
                                .map(row -> new Access(
                                        Objects.requireNonNull(row.get("attachment_id", UUID.class)),
                                        Objects.requireNonNull(row.get("who", String.class)),
                                        Objects.requireNonNull(row.get("at", OffsetDateTime.class))
                                                .toInstant(),
                                        Objects.requireNonNull(row.get("valid_until", OffsetDateTime.class))
                                                .toInstant()))
                                .all()));
    }

    private Mono<Void> bucket() {
        if (bucketReady.get()) {
            return Mono.empty();
        }
        return storage.ensureBucket(properties.bucket()).doOnSuccess(v -> bucketReady.set(true));
    }

    private static Attachment attachment(Readable row) {
        return new Attachment(
                Objects.requireNonNull(row.get("id", UUID.class)),
                Objects.requireNonNull(row.get("ticket_id", UUID.class)),
                Objects.requireNonNull(row.get("name", String.class)),
                Objects.requireNonNull(row.get("content_type", String.class)),
                Objects.requireNonNull(row.get("size_bytes", Long.class)),
                Objects.requireNonNull(row.get("sha256", String.class)),
                Objects.requireNonNull(row.get("source", String.class)),
                Objects.requireNonNull(row.get("uploaded_by", String.class)),
                Objects.requireNonNull(row.get("uploaded_at", OffsetDateTime.class))
                        .toInstant(),
                Objects.requireNonNull(row.get("ledger_seq", Integer.class)));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static TenantId tenantOf(TenantContext context) {
        if (context instanceof TenantContext.Tenant t) {
            return t.tenant();
        }
        throw new ProblemException(ProblemCode.TENANT_REQUIRED, "Attachments belong to a tenant; none is bound.");
    }
}

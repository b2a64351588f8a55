package cn.hotline.tenant.audit;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends to and reads the hash-chained audit log. {@link #record} joins the caller's transaction when there is one,
 * so an audited change and its entry commit or roll back together. Appends to one chain are serialised with a
 * transaction-scoped advisory lock, so sequence numbers have no gaps and every entry links to its predecessor.
 */
@Component
public class AuditLog {

    /** The chain of platform-wide events. */
    public static final String PLATFORM = "platform";

    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9._-]{0,99}");

    private static final String GENESIS = "sha256(convert_to('genesis:' || $1, 'UTF8'))";

    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final JsonMapper json;

    AuditLog(DatabaseClient db, TransactionalOperator transactions, JsonMapper json) {
        this.db = db;
        this.transactions = transactions;
        this.json = json;
    }

    /**
     * Appends an entry to {@code tenant}'s chain, or to the platform chain when {@code tenant} is null.
     *
     * @param actor who did it: a user id, {@code operator:<name>}, or {@code system:<component>}
     * @param action dotted, lowercase: {@code tenant.provisioned}, {@code quota.changed}
     * @param target what it was done to
     * @param detail facts worth keeping (never secrets); serialised as JSON
     */
    public Mono<AuditEntry> record(
            @Nullable TenantId tenant, String actor, String action, String target, Map<String, ?> detail) {
        if (!ACTION.matcher(action).matches() || actor.isBlank() || target.isBlank()) {
            return Mono.error(
                    new IllegalArgumentException("an audit entry needs an actor, a dotted action and a target"));
        }
        String chain = tenant == null ? PLATFORM : tenant.value();
        String detailJson = json.writeValueAsString(detail);
        Mono<AuditEntry> append = db.sql("SELECT pg_advisory_xact_lock(hashtext('audit:' || $1))")
                .bind(0, chain)
                .fetch()
                .rowsUpdated()
                .then(db.sql(
                                "WITH last AS (SELECT seq, hash FROM audit_entry WHERE chain = $1 ORDER BY seq DESC LIMIT 1),"
                                        + " n AS (SELECT coalesce((SELECT seq FROM last), 0) + 1 AS seq,"
                                        + " coalesce((SELECT hash FROM last), " + GENESIS + ") AS prev, now() AS at)"
                                        + " INSERT INTO audit_entry (chain, seq, at, actor, action, target, detail, prev_hash, hash)"
                                        + " SELECT $1, n.seq, n.at, $2, $3, $4, $5::jsonb, n.prev,"
                                        + " audit_hash(n.prev, $1, n.seq, n.at, $2, $3, $4, $5::jsonb) FROM n"
                                        + " RETURNING chain, seq, at, actor, action, target, detail::text AS detail,"
                                        + " encode(hash, 'hex') AS hash")
                        .bind(0, chain)
                        .bind(1, actor)
                        .bind(2, action)
                        .bind(3, target)
                        .bind(4, detailJson)
                        .map(AuditLog::entry)
                        .one());
        return platformIfUnbound(transactions.transactional(append));
    }

    /** The newest entries of one chain first, at most {@code limit}, older than {@code beforeSeq} if given. */
    public Flux<AuditEntry> entries(String chain, int limit, @Nullable Long beforeSeq) {
        return platformIfUnbound(transactions.transactional(db.sql("SELECT chain, seq, at, actor, action, target,"
                                + " detail::text AS detail, encode(hash, 'hex') AS hash FROM audit_entry"
                                + " WHERE chain = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3")
                        .bind(0, chain)
                        .bind(1, beforeSeq == null ? Long.MAX_VALUE : beforeSeq)
                        .bind(2, Math.clamp(limit, 1, 500))
                        .map(AuditLog::entry)
                        .all()
                        .collectList()))
                .flatMapMany(Flux::fromIterable);
    }

    /** The newest entries across all chains (the operator's view). */
    public Flux<AuditEntry> latest(int limit) {
        return platformIfUnbound(transactions.transactional(db.sql("SELECT chain, seq, at, actor, action, target,"
                                + " detail::text AS detail, encode(hash, 'hex') AS hash FROM audit_entry"
                                + " ORDER BY at DESC, chain, seq DESC LIMIT $1")
                        .bind(0, Math.clamp(limit, 1, 500))
                        .map(AuditLog::entry)
                        .all()
                        .collectList()))
                .flatMapMany(Flux::fromIterable);
    }

    /**
     * Recomputes every hash of the chain and checks each link and the sequence. Detects a changed or removed entry
     * anywhere but at the end: removing the newest entries leaves a shorter chain that is still intact (anchor the
     * head elsewhere to detect that).
     */
    public Mono<ChainVerification> verify(String chain) {
        Mono<ChainVerification> check = db.sql("SELECT seq,"
                        + " hash = audit_hash(prev_hash, chain, seq, at, actor, action, target, detail) AS hash_ok,"
                        + " prev_hash = coalesce(lag(hash) OVER w, " + GENESIS + ") AS link_ok,"
                        + " seq = row_number() OVER w AS seq_ok"
                        + " FROM audit_entry WHERE chain = $1 WINDOW w AS (ORDER BY seq) ORDER BY seq")
                .bind(0, chain)
                .map(row -> new Link(
                        Objects.requireNonNull(row.get("seq", Long.class)),
                        Boolean.TRUE.equals(row.get("hash_ok", Boolean.class)),
                        Boolean.TRUE.equals(row.get("link_ok", Boolean.class)),
                        Boolean.TRUE.equals(row.get("seq_ok", Boolean.class))))
                .all()
                .collectList()
                .map(links -> {
                    for (Link link : links) {
                        @Nullable
                        String problem = !link.seqOk()
                                ? "an entry before it is missing"
                                : !link.hashOk()
                                        ? "its content does not match its hash"
                                        : !link.linkOk() ? "it does not link to the previous entry's hash" : null;
                        if (problem != null) {
                            return new ChainVerification.Broken(chain, links.size(), link.seq(), problem);
                        }
                    }
                    return new ChainVerification.Intact(chain, links.size());
                });
        return platformIfUnbound(transactions.transactional(check));
    }

    private record Link(long seq, boolean hashOk, boolean linkOk, boolean seqOk) {}

    private static <T> Mono<T> platformIfUnbound(Mono<T> work) {
        return work.contextWrite(context -> context.hasKey(Tenancy.CONTEXT_KEY)
                ? context
                : context.put(Tenancy.CONTEXT_KEY, TenantContext.platform("audit log")));
    }

    private static AuditEntry entry(Readable row) {
        return new AuditEntry(
                text(row, "chain"),
                Objects.requireNonNull(row.get("seq", Long.class)),
                Objects.requireNonNull(row.get("at", OffsetDateTime.class)).toInstant(),
                text(row, "actor"),
                text(row, "action"),
                text(row, "target"),
                text(row, "detail"),
                text(row, "hash"));
    }

    private static String text(Readable row, String column) {
        return Objects.requireNonNull(row.get(column, String.class), column);
    }
}

package cn.hotline.ticket.knowledge;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.TicketId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.TenantContext;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Citing an entry in a ticket's answer. The citation is recorded (and counts in hot ranking) and its text is what the
 * ticket's ledger shows, so the ledger keeps it even if the entry later changes or goes off the shelf.
 */
@Component
public final class KnowledgeCitations {

    private static final int QUOTE = 120;

    private final DatabaseClient db;
    private final KnowledgeTransactions tx;
    private final KnowledgeSearch search;

    KnowledgeCitations(DatabaseClient db, KnowledgeTransactions tx, KnowledgeSearch search) {
        this.db = db;
        this.tx = tx;
        this.search = search;
    }

    /**
     * Records that {@code by} cited {@code entry} in {@code ticket}'s answer. The entry must be a shared (not personal)
     * entry that is published and valid today: otherwise NOT_FOUND or CONFLICT, and nothing is recorded.
     */
    public Mono<Citation> cite(TenantId tenant, UUID entry, TicketId ticket, String by) {
        TenantContext context = TenantContext.of(tenant);
        Mono<Citation> work = db.sql(
                        "SELECT " + EntryRows.COLUMNS + " FROM kb_entry WHERE id = :id AND tier <>" + " 'PERSONAL'")
                .bind("id", entry)
                .map(EntryRows::entry)
                .one()
                .switchIfEmpty(Mono.error(() -> new ProblemException(ProblemCode.NOT_FOUND, "No such entry.")))
                .flatMap(found -> {
                    if (!found.liveOn(search.today())) {
                        return Mono.error(new ProblemException(
                                ProblemCode.CONFLICT,
                                "Only published entries valid today can be cited; this one is " + found.status()
                                        + (found.status() == EntryStatus.PUBLISHED ? " but not valid today" : "")
                                        + ".",
                                Map.of("status", found.status().name())));
                    }
                    UUID id = Uuids.v7();
                    String text = text(found);
                    return db.sql("INSERT INTO kb_citation (tenant_id, id, entry_id, entry_version, ticket_id,"
                                    + " cited_by, text) VALUES (:t, :id, :e, :v, :ticket, :by, :text) RETURNING"
                                    + " cited_at")
                            .bind("t", tenant.value())
                            .bind("id", id)
                            .bind("e", entry)
                            .bind("v", found.version())
                            .bind("ticket", ticket.value())
                            .bind("by", by)
                            .bind("text", text)
                            .map(row -> EntryRows.instant(row, "cited_at"))
                            .one()
                            .map(at -> new Citation(id, entry, found.version(), ticket.value(), by, at, text));
                });
        return tx.run(context, work).flatMap(citation -> search.count(context, tenant, entry, "citations")
                .thenReturn(citation));
    }

    /** The citations of a ticket, oldest first. */
    public Flux<Citation> ofTicket(TenantId tenant, TicketId ticket) {
        return tx.run(
                TenantContext.of(tenant),
                db.sql("SELECT id, entry_id, entry_version, ticket_id, cited_by, cited_at, text FROM kb_citation WHERE"
                                + " ticket_id = :ticket ORDER BY cited_at, id")
                        .bind("ticket", ticket.value())
                        .map(row -> new Citation(
                                Objects.requireNonNull(row.get("id", UUID.class)),
                                Objects.requireNonNull(row.get("entry_id", UUID.class)),
                                Objects.requireNonNull(row.get("entry_version", Integer.class)),
                                Objects.requireNonNull(row.get("ticket_id", UUID.class)),
                                EntryRows.text(row, "cited_by"),
                                EntryRows.instant(row, "cited_at"),
                                EntryRows.text(row, "text")))
                        .all());
    }

    static String text(Entry entry) {
        String body = entry.content().body().strip();
        String quote = body.length() <= QUOTE ? body : body.substring(0, QUOTE) + "…";
        return "【知识库】《" + entry.content().title() + "》（条目 " + entry.id() + "，第 " + entry.version() + " 版）：" + quote;
    }
}

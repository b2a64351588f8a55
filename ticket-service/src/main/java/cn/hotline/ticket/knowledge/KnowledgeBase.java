package cn.hotline.ticket.knowledge;

import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.tenancy.TenantContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The entries of a tenant's knowledge base and their workflow: write a draft, submit it, a second person approves
 * (published) or rejects it, take it off the shelf and put it back; each save and step is a version line saying who
 * did what. Editing a published entry makes a draft revision beside it; the live entry keeps serving until the
 * revision is approved.
 */
@Component
public final class KnowledgeBase {

    private final DatabaseClient db;
    private final KnowledgeTransactions tx;
    private final KnowledgeSearch search;

    KnowledgeBase(DatabaseClient db, KnowledgeTransactions tx, KnowledgeSearch search) {
        this.db = db;
        this.tx = tx;
        this.search = search;
    }

    /** Saves a new draft. Shared entries are written by editors; anyone who reads may keep personal entries. */
    public Mono<Entry> create(Caller caller, EntryContent content) {
        return mayWrite(caller, content).then(tx.run(caller.tenantContext(), Mono.defer(() -> {
            UUID id = Uuids.v7();
            return ensureCategory(caller, content.category())
                    .then(db.sql("INSERT INTO kb_entry (tenant_id, id, kind, title, body, tags, category, tier,"
                                    + " scope_unit, owner, unit_code, contacts, status, valid_from, valid_to, version,"
                                    + " updated_by) VALUES (:t, :id, :kind, :title, :body, :tags, :category, :tier,"
                                    + " :scope, :owner, :unit, :contacts, 'DRAFT', :from, :to, 1, :owner)")
                            .bind("t", caller.tenant().value())
                            .bind("id", id)
                            .bind("kind", content.kind().name())
                            .bind("title", content.title())
                            .bind("body", content.body())
                            .bind("tags", content.tags().toArray(String[]::new))
                            .bind("category", content.category())
                            .bind("tier", content.tier().name())
                            .bind("scope", Parameter.fromOrEmpty(content.scopeUnit(), String.class))
                            .bind("owner", caller.subject())
                            .bind("unit", Parameter.fromOrEmpty(content.unitCode(), String.class))
                            .bind("contacts", EntryRows.contactsJson(content.contacts()))
                            .bind("from", Parameter.fromOrEmpty(content.validFrom(), LocalDate.class))
                            .bind("to", Parameter.fromOrEmpty(content.validTo(), LocalDate.class))
                            .fetch()
                            .rowsUpdated())
                    .then(history(caller, id, "CREATE", null))
                    .then(load(caller, id));
        })));
    }

    /** Saves drafts of all {@code contents} in one transaction: all of them, or none if one fails. */
    public Mono<List<Entry>> createAll(Caller caller, List<EntryContent> contents) {
        return tx.run(
                caller.tenantContext(),
                Flux.fromIterable(contents)
                        .concatMap(content -> create(caller, content))
                        .collectList());
    }

    /**
     * Saves new content. A published entry stays live: the result is a new draft revision ({@link Entry#revises}) that
     * replaces it once approved. Any other entry is changed in place as its next version and goes back to draft.
     * Empty when there is no such entry.
     */
    public Mono<Entry> edit(Caller caller, UUID id, EntryContent content) {
        return tx.run(
                        caller.tenantContext(),
                        load(caller, id)
                                .flatMap(before -> before.status() == EntryStatus.PUBLISHED
                                        ? revise(caller, before, content)
                                        : editInPlace(caller, id, before, content)))
                .flatMap(entry -> search.changed(caller.tenant(), entry).thenReturn(entry));
    }

    private Mono<Entry> revise(Caller caller, Entry live, EntryContent content) {
        UUID id = Uuids.v7();
        return mayChange(caller, live)
                .then(mayWrite(caller, content))
                .then(ensureCategory(caller, content.category()))
                .then(db.sql("INSERT INTO kb_entry (tenant_id, id, kind, title, body, tags, category, tier, scope_unit,"
                                + " owner, unit_code, contacts, status, valid_from, valid_to, version, updated_by,"
                                + " revises) VALUES (:t, :id, :kind, :title, :body, :tags, :category, :tier, :scope,"
                                + " :owner, :unit, :contacts, 'DRAFT', :from, :to, :version, :owner, :live)")
                        .bind("t", caller.tenant().value())
                        .bind("id", id)
                        .bind("kind", content.kind().name())
                        .bind("title", content.title())
                        .bind("body", content.body())
                        .bind("tags", content.tags().toArray(String[]::new))
                        .bind("category", content.category())
                        .bind("tier", content.tier().name())
                        .bind("scope", Parameter.fromOrEmpty(content.scopeUnit(), String.class))
                        .bind("owner", caller.subject())
                        .bind("unit", Parameter.fromOrEmpty(content.unitCode(), String.class))
                        .bind("contacts", EntryRows.contactsJson(content.contacts()))
                        .bind("from", Parameter.fromOrEmpty(content.validFrom(), LocalDate.class))
                        .bind("to", Parameter.fromOrEmpty(content.validTo(), LocalDate.class))
                        .bind("version", live.version() + 1)
                        .bind("live", live.id())
                        .fetch()
                        .rowsUpdated())
                .then(history(caller, id, "REVISE", "revision of " + live.id()))
                .then(load(caller, id));
    }

    /** Approving a revision: its content becomes the live entry's next version; the revision row goes away. */
    private Mono<Entry> approveRevision(Caller caller, Entry revision, @Nullable String note) {
        UUID live = java.util.Objects.requireNonNull(revision.revises());
        return db.sql("UPDATE kb_entry l SET kind = r.kind, title = r.title, body = r.body, tags = r.tags, category ="
                        + " r.category, tier = r.tier, scope_unit = r.scope_unit, unit_code = r.unit_code, contacts ="
                        + " r.contacts, valid_from = r.valid_from, valid_to = r.valid_to, version = l.version + 1,"
                        + " status = 'PUBLISHED', updated_by = :by, updated_at = now() FROM kb_entry r WHERE r.id ="
                        + " :rev AND l.id = r.revises")
                .bind("by", caller.subject())
                .bind("rev", revision.id())
                .fetch()
                .rowsUpdated()
                .then(history(
                        caller,
                        live,
                        "APPROVE_REVISION",
                        "revision by " + revision.owner() + (note == null ? "" : ": " + note)))
                .then(db.sql("DELETE FROM kb_entry WHERE id = :rev")
                        .bind("rev", revision.id())
                        .fetch()
                        .rowsUpdated())
                .then(load(caller, live));
    }

    private Mono<Entry> editInPlace(Caller caller, UUID id, Entry before, EntryContent content) {
        return mayChange(caller, before)
                .then(mayWrite(caller, content))
                .then(ensureCategory(caller, content.category()))
                .then(db.sql("UPDATE kb_entry SET kind = :kind, title = :title, body = :body, tags = :tags,"
                                + " category = :category, tier = :tier, scope_unit = :scope, unit_code = :unit,"
                                + " contacts = :contacts, valid_from = :from, valid_to = :to, status = 'DRAFT',"
                                + " version = version + 1, updated_by = :by, updated_at = now() WHERE id = :id")
                        .bind("id", id)
                        .bind("kind", content.kind().name())
                        .bind("title", content.title())
                        .bind("body", content.body())
                        .bind("tags", content.tags().toArray(String[]::new))
                        .bind("category", content.category())
                        .bind("tier", content.tier().name())
                        .bind("scope", Parameter.fromOrEmpty(content.scopeUnit(), String.class))
                        .bind("unit", Parameter.fromOrEmpty(content.unitCode(), String.class))
                        .bind("contacts", EntryRows.contactsJson(content.contacts()))
                        .bind("from", Parameter.fromOrEmpty(content.validFrom(), LocalDate.class))
                        .bind("to", Parameter.fromOrEmpty(content.validTo(), LocalDate.class))
                        .bind("by", caller.subject())
                        .fetch()
                        .rowsUpdated())
                .then(history(caller, id, "EDIT", null))
                .then(load(caller, id));
    }

    /** Moves an entry along its workflow; refuses steps its status does not allow. */
    public Mono<Entry> step(Caller caller, UUID id, WorkflowStep step, @Nullable String note) {
        return tx.run(caller.tenantContext(), load(caller, id).flatMap(before -> {
                    EntryStatus next;
                    try {
                        next = step.apply(before.status());
                    } catch (WorkflowStep.IllegalTransition e) {
                        return Mono.error(new ProblemException(
                                ProblemCode.ILLEGAL_TRANSITION,
                                e.getMessage(),
                                Map.of("status", before.status().name(), "step", step.name())));
                    }
                    Mono<Void> allowed = mayChange(caller, before);
                    if (before.content().tier() != Tier.PERSONAL
                            && step == WorkflowStep.APPROVE
                            && before.updatedBy().equals(caller.subject())) {
                        allowed = Mono.error(KnowledgeAccess.forbidden(
                                "Another supervisor or admin must approve what you submitted (four eyes)."));
                    }
                    if (step == WorkflowStep.APPROVE && before.revises() != null) {
                        return allowed.then(approveRevision(caller, before, note));
                    }
                    return allowed.then(db.sql("UPDATE kb_entry SET status = :s, updated_by = :by, updated_at = now()"
                                            + " WHERE id = :id")
                                    .bind("s", next.name())
                                    .bind("by", caller.subject())
                                    .bind("id", id)
                                    .fetch()
                                    .rowsUpdated())
                            .then(history(caller, id, step.name(), note))
                            .then(load(caller, id));
                }))
                .flatMap(entry -> search.changed(caller.tenant(), entry).thenReturn(entry));
    }

    /** One entry the caller may see: published ones for readers, any for editors, personal ones for their owner. */
    public Mono<Entry> get(Caller caller, UUID id) {
        return tx.run(caller.tenantContext(), load(caller, id))
                .filter(entry -> entry.status() == EntryStatus.PUBLISHED
                        || KnowledgeAccess.isEditor(caller)
                        || entry.owner().equals(caller.subject()));
    }

    /** Entries the caller may see, filtered; readers see published entries and their own. */
    public Flux<Entry> list(
            Caller caller, @Nullable EntryStatus status, @Nullable EntryKind kind, @Nullable String category) {
        StringBuilder sql = new StringBuilder(
                "SELECT " + EntryRows.COLUMNS + " FROM kb_entry WHERE (tier <> 'PERSONAL' OR owner = :me)");
        if (!KnowledgeAccess.isEditor(caller)) {
            sql.append(" AND (status = 'PUBLISHED' OR owner = :me)");
        }
        if (status != null) {
            sql.append(" AND status = :status");
        }
        if (kind != null) {
            sql.append(" AND kind = :kind");
        }
        if (category != null) {
            sql.append(" AND (category = :category OR category LIKE :prefix)");
        }
        sql.append(" ORDER BY category, title LIMIT 1000");
        var spec = db.sql(sql.toString()).bind("me", caller.subject());
        if (status != null) {
            spec = spec.bind("status", status.name());
        }
        if (kind != null) {
            spec = spec.bind("kind", kind.name());
        }
        if (category != null) {
            spec = spec.bind("category", category).bind("prefix", category.replace("%", "") + "/%");
        }
        return tx.run(caller.tenantContext(), spec.map(EntryRows::entry).all());
    }

    /** The entry's history, oldest first. */
    public Flux<EntryVersion> history(Caller caller, UUID id) {
        return get(caller, id)
                .flatMapMany(entry -> tx.run(
                        caller.tenantContext(),
                        db.sql("SELECT version, action, status, title, body, tags, category, changed_by, changed_at,"
                                        + " note FROM kb_entry_version WHERE entry_id = :id ORDER BY seq")
                                .bind("id", id)
                                .map(row -> new EntryVersion(
                                        Objects.requireNonNull(row.get("version", Integer.class)),
                                        EntryRows.text(row, "action"),
                                        EntryStatus.valueOf(EntryRows.text(row, "status")),
                                        EntryRows.text(row, "title"),
                                        EntryRows.text(row, "body"),
                                        Arrays.asList(Objects.requireNonNull(row.get("tags", String[].class))),
                                        EntryRows.text(row, "category"),
                                        EntryRows.text(row, "changed_by"),
                                        EntryRows.instant(row, "changed_at"),
                                        row.get("note", String.class)))
                                .all()));
    }

    /** The category tree as paths, parents before children. */
    public Flux<String> categories(Caller caller) {
        return tx.run(
                caller.tenantContext(),
                db.sql("SELECT path FROM kb_category ORDER BY path")
                        .map(row -> EntryRows.text(row, "path"))
                        .all());
    }

    /** Adds a category (and its missing parents). */
    public Mono<String> addCategory(Caller caller, String path) {
        return tx.run(caller.tenantContext(), ensureCategory(caller, path).thenReturn(path));
    }

    /** A tenant's synonym groups. */
    public Flux<List<String>> synonyms(Caller caller) {
        return tx.run(caller.tenantContext(), synonyms(caller.tenantContext()));
    }

    Flux<List<String>> synonyms(TenantContext context) {
        return db.sql("SELECT words FROM kb_synonym ORDER BY id")
                .map(row -> Arrays.asList(Objects.requireNonNull(row.get("words", String[].class))))
                .all();
    }

    /** Replaces a tenant's synonym groups; searches use them at once. */
    public Mono<List<List<String>>> replaceSynonyms(Caller caller, List<List<String>> groups) {
        Flux<Long> inserts = Flux.fromIterable(groups)
                .concatMap(group -> db.sql("INSERT INTO kb_synonym (tenant_id, id, words) VALUES (:t, :id, :w)")
                        .bind("t", caller.tenant().value())
                        .bind("id", Uuids.v7())
                        .bind("w", group.toArray(String[]::new))
                        .fetch()
                        .rowsUpdated());
        return tx.run(
                        caller.tenantContext(),
                        db.sql("DELETE FROM kb_synonym")
                                .fetch()
                                .rowsUpdated()
                                .thenMany(inserts)
                                .then())
                .then(search.synonymsChanged(caller.tenant(), groups))
                .thenReturn(groups);
    }

    private Mono<Void> ensureCategory(Caller caller, String path) {
        List<String> levels = new ArrayList<>();
        for (String at = path; at != null; at = Categories.parent(at)) {
            levels.addFirst(at);
        }
        return Flux.fromIterable(levels)
                .concatMap(level -> db.sql("INSERT INTO kb_category (tenant_id, path, parent_path) VALUES (:t, :p,"
                                + " :parent) ON CONFLICT DO NOTHING")
                        .bind("t", caller.tenant().value())
                        .bind("p", level)
                        .bind("parent", Parameter.fromOrEmpty(Categories.parent(level), String.class))
                        .fetch()
                        .rowsUpdated())
                .then();
    }

    Mono<Entry> load(Caller caller, UUID id) {
        return db.sql("SELECT " + EntryRows.COLUMNS + " FROM kb_entry WHERE id = :id AND (tier <> 'PERSONAL' OR owner"
                        + " = :me)")
                .bind("id", id)
                .bind("me", caller.subject())
                .map(EntryRows::entry)
                .one();
    }

    private Mono<Void> history(Caller caller, UUID id, String action, @Nullable String note) {
        return db.sql("INSERT INTO kb_entry_version (tenant_id, entry_id, version, seq, action, status, title, body,"
                        + " tags, category, changed_by, note) SELECT tenant_id, id, version, (SELECT coalesce(max(seq),"
                        + " 0) + 1 FROM kb_entry_version WHERE entry_id = :id), :action, status, title, body, tags,"
                        + " category, :by, :note FROM kb_entry WHERE id = :id")
                .bind("id", id)
                .bind("action", action)
                .bind("by", caller.subject())
                .bind("note", Parameter.fromOrEmpty(note, String.class))
                .fetch()
                .rowsUpdated()
                .then();
    }

    /** Whether the caller may save {@code content}: its tier and scope must be within the caller's reach. */
    private static Mono<Void> mayWrite(Caller caller, EntryContent content) {
        if (content.tier() == Tier.PERSONAL) {
            return Mono.empty();
        }
        if (!KnowledgeAccess.isEditor(caller)) {
            return Mono.error(KnowledgeAccess.forbidden(
                    "Shared entries are written by supervisors and tenant admins; keep your own notes as PERSONAL."));
        }
        if (caller.scope().isPresent() && !caller.scope().get().value().equals(content.scopeUnit())) {
            return Mono.error(KnowledgeAccess.forbidden(
                    "You are narrowed to " + caller.scope().get() + ": write entries of that scope or personal ones."));
        }
        return Mono.empty();
    }

    /** Whether the caller may change an existing entry: its owner for personal entries, editors otherwise. */
    private static Mono<Void> mayChange(Caller caller, Entry entry) {
        if (entry.content().tier() == Tier.PERSONAL) {
            return entry.owner().equals(caller.subject())
                    ? Mono.empty()
                    : Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No such entry."));
        }
        return KnowledgeAccess.isEditor(caller)
                ? Mono.empty()
                : Mono.error(
                        KnowledgeAccess.forbidden("Changing shared entries is for supervisors and tenant admins."));
    }
}

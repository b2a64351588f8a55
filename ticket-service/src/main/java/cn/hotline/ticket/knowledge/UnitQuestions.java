package cn.hotline.ticket.knowledge;

import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.tenancy.ScopeUnit;
import io.r2dbc.spi.Readable;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Ask a unit: an agent or clerk puts a question to a handling unit; the unit's users (or a supervisor) answer it, and
 * the answer becomes a tenant entry in review, which a supervisor or admin then approves like any other.
 */
@Component
public final class UnitQuestions {

    private final DatabaseClient db;
    private final KnowledgeTransactions tx;

    UnitQuestions(DatabaseClient db, KnowledgeTransactions tx) {
        this.db = db;
        this.tx = tx;
    }

    public Mono<UnitQuestion> ask(Caller caller, String unitCode, String question, String category) {
        UUID id = Uuids.v7();
        String scope = ScopeUnit.unit(unitCode).value();
        Mono<UnitQuestion> work = Flux.fromIterable(categoryLevels(category))
                .concatMap(level -> db.sql("INSERT INTO kb_category (tenant_id, path, parent_path) VALUES (:t, :p,"
                                + " :parent) ON CONFLICT DO NOTHING")
                        .bind("t", caller.tenant().value())
                        .bind("p", level)
                        .bind(
                                "parent",
                                org.springframework.r2dbc.core.Parameter.fromOrEmpty(
                                        Categories.parent(level), String.class))
                        .fetch()
                        .rowsUpdated())
                .then(db.sql("INSERT INTO kb_question (tenant_id, id, unit_code, scope_unit, question, category,"
                                + " asked_by, status) VALUES (:t, :id, :u, :s, :q, :c, :by, 'OPEN')")
                        .bind("t", caller.tenant().value())
                        .bind("id", id)
                        .bind("u", unitCode)
                        .bind("s", scope)
                        .bind("q", question)
                        .bind("c", category)
                        .bind("by", caller.subject())
                        .fetch()
                        .rowsUpdated())
                .then(load(id));
        return tx.run(caller.tenantContext(), work);
    }

    private static java.util.List<String> categoryLevels(String category) {
        java.util.List<String> levels = new java.util.ArrayList<>();
        for (String at = category; at != null; at = Categories.parent(at)) {
            levels.addFirst(at);
        }
        return levels;
    }

    /** Questions the caller may see: a unit's users see their unit's, whole-tenant users all. */
    public Flux<UnitQuestion> list(Caller caller, String status) {
        return tx.run(
                caller.tenantContext(),
                db.sql("SELECT * FROM kb_question WHERE status = :s ORDER BY asked_at LIMIT 500")
                        .bind("s", status)
                        .map(UnitQuestions::question)
                        .all());
    }

    /**
     * The unit's answer: the question is closed and a tenant entry (title: the question, body: the answer) is created
     * in review. Only users of that unit, supervisors and admins answer; an answered question cannot be answered again.
     */
    public Mono<UnitQuestion> answer(Caller caller, UUID id, String answer) {
        Mono<UnitQuestion> work = load(id).flatMap(question -> {
            boolean ofTheUnit = caller.scope()
                    .map(scope -> scope.equals(ScopeUnit.unit(question.unitCode())))
                    .orElse(false);
            if (!ofTheUnit
                    && !(KnowledgeAccess.isEditor(caller) && caller.scope().isEmpty())) {
                return Mono.error(KnowledgeAccess.forbidden("Only the unit asked, a supervisor or an admin answers."));
            }
            if (!"OPEN".equals(question.status())) {
                return Mono.error(new ProblemException(
                        ProblemCode.ILLEGAL_TRANSITION,
                        "This question has been answered already.",
                        Map.of("status", question.status())));
            }
            UUID entry = Uuids.v7();
            String title = question.question().length() <= 200
                    ? question.question()
                    : question.question().substring(0, 199) + "…";
            return db.sql("INSERT INTO kb_entry (tenant_id, id, kind, title, body, tags, category, tier, owner,"
                            + " status, version, updated_by) VALUES (:t, :id, 'ARTICLE', :title, :body, :tags, :c,"
                            + " 'TENANT', :by, 'IN_REVIEW', 1, :by)")
                    .bind("t", caller.tenant().value())
                    .bind("id", entry)
                    .bind("title", title)
                    .bind("body", answer)
                    .bind("tags", new String[] {"单位答复", question.unitCode()})
                    .bind("c", question.category())
                    .bind("by", caller.subject())
                    .fetch()
                    .rowsUpdated()
                    .then(db.sql("INSERT INTO kb_entry_version (tenant_id, entry_id, version, seq, action, status,"
                                    + " title, body, tags, category, changed_by, note) SELECT tenant_id, id, 1, 1,"
                                    + " 'UNIT_ANSWER', status, title, body, tags, category, :by, :note FROM kb_entry"
                                    + " WHERE id = :id")
                            .bind("id", entry)
                            .bind("by", caller.subject())
                            .bind("note", "answer of unit " + question.unitCode() + " to question " + id)
                            .fetch()
                            .rowsUpdated())
                    .then(db.sql("UPDATE kb_question SET status = 'ANSWERED', answer = :a, answered_by = :by,"
                                    + " answered_at = now(), entry_id = :e WHERE id = :id")
                            .bind("a", answer)
                            .bind("by", caller.subject())
                            .bind("e", entry)
                            .bind("id", id)
                            .fetch()
                            .rowsUpdated())
                    .then(load(id));
        });
        return tx.run(caller.tenantContext(), work);
    }

    private Mono<UnitQuestion> load(UUID id) {
        return db.sql("SELECT * FROM kb_question WHERE id = :id")
                .bind("id", id)
                .map(UnitQuestions::question)
                .one();
    }

    private static UnitQuestion question(Readable row) {
        return new UnitQuestion(
                Objects.requireNonNull(row.get("id", UUID.class)),
                EntryRows.text(row, "unit_code"),
                EntryRows.text(row, "question"),
                EntryRows.text(row, "category"),
                EntryRows.text(row, "asked_by"),
                EntryRows.instant(row, "asked_at"),
                EntryRows.text(row, "status"),
                row.get("answer", String.class),
                row.get("answered_by", String.class),
                row.get("entry_id", UUID.class));
    }
}

package cn.hotline.call.history;

import cn.hotline.kernel.events.CallEvent;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads a tenant's decisions after a follower's cursor and moves the cursor. Runs inside the caller's tenant
 * transaction (the guard refuses statements outside one); row-level security keeps every statement in the tenant.
 */
public final class DecisionLog {

    /** Which follower's position in {@code call_event_cursor}. */
    public enum Cursor {
        CALL_RECORDS("cdr_upto"),
        EVENTS("published_upto"),
        MISSED_CALLS("missed_upto");

        private final String column;

        Cursor(String column) {
            this.column = column;
        }
    }

    private final DatabaseClient db;
    private final int batch;

    public DecisionLog(DatabaseClient db, int batch) {
        this.db = db;
        this.batch = batch;
    }

    /** Where {@code cursor} stands (0 for a tenant never followed). */
    public Mono<Long> position(TenantId tenant, Cursor cursor) {
        return db.sql("INSERT INTO call_event_cursor (tenant_id) VALUES (:tenant) ON CONFLICT (tenant_id) DO NOTHING")
                .bind("tenant", tenant.value())
                .fetch()
                .rowsUpdated()
                .then(db.sql("SELECT " + cursor.column + " AS upto FROM call_event_cursor")
                        .map(row -> row.get("upto", Long.class))
                        .one()
                        .defaultIfEmpty(0L));
    }

    /** The next decisions after {@code after}, oldest first, at most a batch. */
    public Mono<List<Decisions.Row>> after(long after) {
        return db.sql("SELECT id, kind, call_id, agent_id, detail, at FROM acd_decision WHERE id > :after"
                        + " ORDER BY id LIMIT :limit")
                .bind("after", after)
                .bind("limit", batch)
                .map(Decisions.Row::of)
                .all()
                .collectList();
    }

    /**
     * Folds the tenant's decisions after {@code cursor} — those that are call events — into {@code fold}, one after
     * another, then moves the cursor past them; all in one transaction of the tenant, so a failure folds nothing and a
     * replay starts where the last committed turn ended. One batch per call.
     */
    public Mono<Void> foldNew(
            TenantId tenant,
            Cursor cursor,
            TransactionalOperator tx,
            java.util.function.Function<CallEvent, Mono<Void>> fold) {
        Mono<Void> work = position(tenant, cursor)
                .flatMap(this::after)
                .flatMap(rows -> rows.isEmpty()
                        ? Mono.<Void>empty()
                        : Flux.fromIterable(rows)
                                .concatMap(row ->
                                        Mono.justOrEmpty(Decisions.event(row)).flatMap(fold))
                                .then(advance(cursor, rows.getLast().id())));
        return Tenancy.runAs(TenantContext.of(tenant), tx.transactional(work));
    }

    /** Moves {@code cursor} forward to {@code upto} (never back). */
    public Mono<Void> advance(Cursor cursor, long upto) {
        return db.sql("UPDATE call_event_cursor SET " + cursor.column + " = GREATEST(" + cursor.column + ", :upto)")
                .bind("upto", upto)
                .fetch()
                .rowsUpdated()
                .then();
    }
}

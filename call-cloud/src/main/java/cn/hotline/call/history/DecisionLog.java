package cn.hotline.call.history;

import cn.hotline.kernel.id.TenantId;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
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

    /** Moves {@code cursor} forward to {@code upto} (never back). */
    public Mono<Void> advance(Cursor cursor, long upto) {
        return db.sql("UPDATE call_event_cursor SET " + cursor.column + " = GREATEST(" + cursor.column + ", :upto)")
                .bind("upto", upto)
                .fetch()
                .rowsUpdated()
                .then();
    }
}

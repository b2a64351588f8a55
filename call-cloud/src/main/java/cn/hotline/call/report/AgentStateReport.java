package cn.hotline.call.report;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * How long each agent spent in each state within {@code [from, to)}, from the ACD's timestamped state changes: each
 * change lasts until the agent's next change (or {@code to}, or now), clipped to the range. The state an agent was in
 * at {@code from} counts from {@code from}; changes older than {@link #LOOK_BACK} before it are not read.
 */
final class AgentStateReport {

    static final Duration LOOK_BACK = Duration.ofDays(2);

    /** One agent's seconds per state ({@code READY}, {@code NOT_READY:<reason>}, {@code TALKING} …). */
    record Row(String agent, Map<String, Long> seconds) {}

    record Change(String agent, String state, Instant at) {}

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    AgentStateReport(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    Mono<List<Row>> run(Instant from, Instant to, Instant now) {
        return db.sql("SELECT agent_id, detail, at FROM acd_decision WHERE kind = 'AgentStateChanged'"
                        + " AND at >= :since AND at < :to ORDER BY agent_id, id")
                .bind("since", from.minus(LOOK_BACK).atOffset(ZoneOffset.UTC))
                .bind("to", to.atOffset(ZoneOffset.UTC))
                .map(row -> new Change(
                        Objects.requireNonNull(row.get("agent_id", String.class)),
                        state(Objects.requireNonNull(row.get("detail", String.class))),
                        Objects.requireNonNull(row.get("at", OffsetDateTime.class))
                                .toInstant()))
                .all()
                .collectList()
                .as(tx::transactional)
                .map(changes -> fold(changes, from, to.isBefore(now) ? to : now));
    }

    /** {@code FROM->TO(reason)} → {@code TO} or {@code NOT_READY:reason}. */
    static String state(String detail) {
        int arrow = detail.indexOf("->");
        String to = arrow < 0 ? detail : detail.substring(arrow + 2);
        int paren = to.indexOf('(');
        if (paren < 0) {
            return to;
        }
        String reason = to.substring(paren + 1, to.endsWith(")") ? to.length() - 1 : to.length());
        return to.substring(0, paren) + ":" + reason;
    }

    static List<Row> fold(List<Change> changes, Instant from, Instant end) {
        Map<String, Map<String, Long>> byAgent = new TreeMap<>();
        for (int i = 0; i < changes.size(); i++) {
            Change change = changes.get(i);
            Instant until = i + 1 < changes.size() && changes.get(i + 1).agent().equals(change.agent())
                    ? changes.get(i + 1).at()
                    : end;
            Instant start = change.at().isBefore(from) ? from : change.at();
            Instant stop = until.isAfter(end) ? end : until;
            if (stop.isAfter(start)) {
                byAgent.computeIfAbsent(change.agent(), a -> new LinkedHashMap<>())
                        .merge(change.state(), Duration.between(start, stop).toSeconds(), Long::sum);
            }
        }
        List<Row> rows = new ArrayList<>();
        byAgent.forEach((agent, seconds) -> rows.add(new Row(agent, seconds)));
        return rows;
    }
}

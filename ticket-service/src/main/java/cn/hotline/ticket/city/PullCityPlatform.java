package cn.hotline.ticket.city;

import cn.hotline.kernel.id.TenantId;
import java.util.List;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pull (polling) adapter for city platforms that poll rather than take pushes: "delivering" a change puts it, in
 * the city's field names, into {@code city_pull_item} once per idempotency key; the city reads pages of it with
 * {@code GET /hooks/city/{tenant}/changes?after=<seq>}, signed like a push.
 */
@Component
final class PullCityPlatform implements CityPlatform {

    /** One page of changes; {@code next} is the {@code after} of the next poll. */
    record Page(List<Item> items, long next) {}

    record Item(long seq, String idempotencyKey, JsonNode body) {}

    private final DatabaseClient db;
    private final CityTransactions tx;
    private final JsonMapper json;

    PullCityPlatform(DatabaseClient db, CityTransactions tx, JsonMapper json) {
        this.db = db;
        this.tx = tx;
        this.json = json;
    }

    @Override
    public CityEndpoint.Mode mode() {
        return CityEndpoint.Mode.PULL;
    }

    @Override
    public Mono<Outcome> deliver(
            TenantId tenant, CityEndpoint endpoint, List<WebhookSecret> secrets, String key, ObjectNode body) {
        return tx.run(
                        tenant,
                        db.sql("INSERT INTO city_pull_item (tenant_id, idempotency_key, body)"
                                        + " VALUES (:t, :key, CAST(:body AS jsonb))"
                                        + " ON CONFLICT (tenant_id, idempotency_key) DO NOTHING")
                                .bind("t", tenant.value())
                                .bind("key", key)
                                .bind(
                                        "body",
                                        json.writeValueAsString(
                                                endpoint.mapping().toTheirs(body)))
                                .fetch()
                                .rowsUpdated())
                .map(rows -> (Outcome) new Outcome.Delivered(rows == 1 ? "queued for polling" : "already queued"))
                .onErrorResume(error -> Mono.just(new Outcome.Failed(error.toString())));
    }

    Mono<Page> page(TenantId tenant, long after, int limit) {
        return tx.run(
                        tenant,
                        db.sql("SELECT seq, idempotency_key, body::text AS body FROM city_pull_item WHERE seq > :after"
                                        + " ORDER BY seq LIMIT :n")
                                .bind("after", after)
                                .bind("n", limit)
                                .map(row -> new Item(
                                        Objects.requireNonNull(row.get("seq", Long.class)),
                                        Objects.requireNonNull(row.get("idempotency_key", String.class)),
                                        json.readTree(Objects.requireNonNull(row.get("body", String.class)))))
                                .all()
                                .collectList())
                .map(items -> new Page(
                        items, items.isEmpty() ? after : items.getLast().seq()));
    }
}

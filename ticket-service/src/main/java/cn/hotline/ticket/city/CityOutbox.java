package cn.hotline.ticket.city;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox towards the city platform. {@link #enqueue} writes the change in the caller's transaction
 * (the ticket's transition commits together with it, or neither does); the relay publishes it to the tenant's Pulsar
 * topic afterwards and the delivery worker takes it to the city.
 */
@Component
public final class CityOutbox {

    /** Whether the change was new, or its idempotency key was already in the outbox (nothing written). */
    public enum Enqueued {
        NEW,
        ALREADY_ENQUEUED
    }

    private final DatabaseClient db;
    private final JsonMapper json;
    private final CitySettings settings;

    CityOutbox(DatabaseClient db, JsonMapper json, CitySettings settings) {
        this.db = db;
        this.json = json;
        this.settings = settings;
    }

    /**
     * Writes one change for {@code tenant}. Runs in the caller's transaction, whose bound tenant must be {@code
     * tenant}; the row-level-security policy refuses anything else.
     */
    public Mono<Enqueued> enqueue(TenantId tenant, CityChange change) {
        return Tenancy.current()
                .filter(context ->
                        context instanceof TenantContext.Tenant t && t.tenant().equals(tenant))
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.TENANT_MISMATCH, "City changes are enqueued on behalf of their own tenant.")))
                .then(settings.register(tenant))
                .then(db.sql("INSERT INTO city_outbox (tenant_id, id, idempotency_key, kind, city_ticket_no, body)"
                                + " VALUES (:t, :id, :key, :kind, :no, CAST(:body AS jsonb))"
                                + " ON CONFLICT (tenant_id, idempotency_key) DO NOTHING")
                        .bind("t", tenant.value())
                        .bind("id", Uuids.v7())
                        .bind("key", change.idempotencyKey())
                        .bind("kind", change.kind().name())
                        .bind("no", change.cityTicketNo())
                        .bind("body", json.writeValueAsString(body(tenant, change)))
                        .fetch()
                        .rowsUpdated())
                .map(rows -> rows == 1 ? Enqueued.NEW : Enqueued.ALREADY_ENQUEUED);
    }

    /** Our message for the city, before the tenant's field mapping. */
    static Map<String, Object> body(TenantId tenant, CityChange change) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("idempotencyKey", change.idempotencyKey());
        body.put("tenant", tenant.value());
        body.put("kind", change.kind().name());
        body.put("cityTicketNo", change.cityTicketNo());
        if (change.ticketId() != null) {
            body.put("ticketId", change.ticketId());
        }
        body.put("occurredAt", change.occurredAt().toString());
        body.put("data", change.data());
        return body;
    }
}

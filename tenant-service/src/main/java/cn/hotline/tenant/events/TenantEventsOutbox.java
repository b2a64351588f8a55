package cn.hotline.tenant.events;

import cn.hotline.kernel.events.EventEnvelope;
import cn.hotline.tenant.events.TenantLifecycleEvent.TenantActivated;
import cn.hotline.tenant.events.TenantLifecycleEvent.TenantDeactivated;
import cn.hotline.tenant.events.TenantLifecycleEvent.TenantReactivated;
import cn.hotline.tenant.events.TenantLifecycleEvent.TenantSuspended;
import cn.hotline.tenant.registry.Tenant;
import cn.hotline.tenant.registry.TenantStatus;
import cn.hotline.tenant.registry.TenantStatusListener;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a lifecycle event to {@code tenant_event_outbox} inside the transaction that changes the tenant's status
 * (the registry calls it there), so an event exists exactly when the change committed. Changes into {@code
 * PROVISIONING} or {@code PROVISIONING_FAILED} are not lifecycle events: nothing outside tenant-service can use a
 * tenant before it is active.
 */
@Component
final class TenantEventsOutbox implements TenantStatusListener {

    private final DatabaseClient db;
    private final JsonMapper json;
    private final Clock clock;

    TenantEventsOutbox(DatabaseClient db, JsonMapper json, ObjectProvider<Clock> clock) {
        this.db = db;
        this.json = json;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Override
    public Mono<Void> statusChanged(Tenant tenant, Set<TenantStatus> from, @Nullable String reason) {
        return event(tenant, from, reason, clock)
                .map(event -> insert(EventEnvelope.of(tenant.slug(), event, event.at(), null)))
                .orElse(Mono.empty());
    }

    /** The event a change makes, if it is a lifecycle event. */
    static Optional<TenantLifecycleEvent> event(
            Tenant tenant, Set<TenantStatus> from, @Nullable String reason, Clock clock) {
        String slug = tenant.slug().value();
        String status = tenant.status().name();
        java.time.Instant at = clock.instant();
        return switch (tenant.status()) {
            case ACTIVE ->
                Optional.of(
                        from.contains(TenantStatus.SUSPENDED)
                                ? new TenantReactivated(slug, status, at)
                                : new TenantActivated(
                                        slug, status, tenant.name(), tenant.kind(), tenant.hotlineNumbers(), at));
            case SUSPENDED -> Optional.of(new TenantSuspended(slug, status, reason, at));
            case DEACTIVATED -> Optional.of(new TenantDeactivated(slug, status, reason, at));
            case PROVISIONING, PROVISIONING_FAILED -> Optional.empty();
        };
    }

    private Mono<Void> insert(EventEnvelope<TenantLifecycleEvent> envelope) {
        return db.sql("INSERT INTO tenant_event_outbox (id, tenant_slug, type, version, envelope)"
                        + " VALUES (:id, :tenant, :type, :version, CAST(:envelope AS jsonb))")
                .bind("id", envelope.id())
                .bind("tenant", envelope.tenant().value())
                .bind("type", envelope.type())
                .bind("version", envelope.version())
                .bind("envelope", json.writeValueAsString(wire(envelope)))
                .fetch()
                .rowsUpdated()
                .then();
    }

    /** The envelope as it travels: the tenant as its slug, times as ISO-8601 text. */
    static Map<String, Object> wire(EventEnvelope<TenantLifecycleEvent> envelope) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("id", envelope.id().toString());
        wire.put("type", envelope.type());
        wire.put("version", envelope.version());
        wire.put("tenant", envelope.tenant().value());
        wire.put("occurredAt", envelope.occurredAt().toString());
        wire.put("requestId", envelope.requestId());
        wire.put("payload", envelope.payload());
        return wire;
    }
}

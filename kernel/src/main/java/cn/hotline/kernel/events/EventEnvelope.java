package cn.hotline.kernel.events;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What travels on a Pulsar topic: a versioned, past-tense event about one tenant. Consumers depend
 * on this envelope and on payload records in this package, never on the producer's code.
 *
 * @param id unique per event; consumers deduplicate on it
 * @param type past-tense name such as {@code CallAnswered}
 * @param version payload schema version, raised on an incompatible change
 * @param tenant whose event it is; also the message key, so one tenant's events stay ordered
 * @param occurredAt when it happened
 * @param requestId the request that caused it, when there was one
 * @param payload the event record
 */
public record EventEnvelope<T>(
        UUID id, String type, int version, TenantId tenant, Instant occurredAt, @Nullable String requestId, T payload) {

    private static final Pattern PAST_TENSE_NAME = Pattern.compile("[A-Z][A-Za-z0-9]{2,63}");

    public EventEnvelope {
        if (id == null || tenant == null || occurredAt == null || payload == null) {
            throw new IllegalArgumentException("an event needs an id, a tenant, a time and a payload");
        }
        if (type == null || !PAST_TENSE_NAME.matcher(type).matches()) {
            throw new IllegalArgumentException("event type '" + type + "' must be an UpperCamelCase name");
        }
        if (version < 1) {
            throw new IllegalArgumentException("event version starts at 1");
        }
    }

    public static <T> EventEnvelope<T> of(TenantId tenant, T payload, Instant at, @Nullable String requestId) {
        return new EventEnvelope<>(Uuids.v7(), payload.getClass().getSimpleName(), 1, tenant, at, requestId, payload);
    }
}

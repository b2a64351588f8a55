package cn.hotline.workforce.events;

import cn.hotline.kernel.events.CallEvent;
import cn.hotline.kernel.id.CallId;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Reads a call-event envelope's payload (JSON, as call-cloud's relay writes it) into the kernel's records. */
public final class CallEvents {

    private CallEvents() {}

    /** The event, or empty for a type this version does not know (skipped, never an error). */
    public static Optional<CallEvent> parse(String type, JsonNode payload) {
        long seq = payload.path("sequence").asLong();
        Instant at = Instant.parse(payload.path("at").asString());
        return Optional.ofNullable(
                switch (type) {
                    case "CallArrived" ->
                        new CallEvent.CallArrived(
                                seq,
                                call(payload),
                                text(payload, "group"),
                                payload.path("priority").asInt(),
                                at);
                    case "CallQueued" ->
                        new CallEvent.CallQueued(
                                seq,
                                call(payload),
                                text(payload, "group"),
                                payload.path("priority").asInt(),
                                at);
                    case "CallOverflowed" ->
                        new CallEvent.CallOverflowed(seq, call(payload), text(payload, "group"), at);
                    case "CallOffered" -> new CallEvent.CallOffered(seq, call(payload), text(payload, "agent"), at);
                    case "CallRingTimedOut" ->
                        new CallEvent.CallRingTimedOut(seq, call(payload), text(payload, "agent"), at);
                    case "CallAnswered" -> new CallEvent.CallAnswered(seq, call(payload), text(payload, "agent"), at);
                    case "CallEnded" -> new CallEvent.CallEnded(seq, call(payload), text(payload, "agent"), at);
                    case "CallAbandoned" -> new CallEvent.CallAbandoned(seq, call(payload), at);
                    case "CallRejected" ->
                        new CallEvent.CallRejected(
                                seq, call(payload), text(payload, "group"), text(payload, "reason"), at);
                    case "AgentStateChanged" ->
                        new CallEvent.AgentStateChanged(
                                seq,
                                text(payload, "agent"),
                                text(payload, "from"),
                                text(payload, "to"),
                                optional(payload, "reason"),
                                at);
                    default -> null;
                });
    }

    private static CallId call(JsonNode payload) {
        JsonNode call = payload.path("call");
        return CallId.parse(call.isObject() ? call.path("value").asString() : call.asString());
    }

    private static String text(JsonNode payload, String field) {
        String value = optional(payload, field);
        if (value == null) {
            throw new IllegalArgumentException("call event without " + field);
        }
        return value;
    }

    private static @Nullable String optional(JsonNode payload, String field) {
        JsonNode node = payload.get(field);
        return node == null || node.isNull() ? null : node.asString();
    }
}

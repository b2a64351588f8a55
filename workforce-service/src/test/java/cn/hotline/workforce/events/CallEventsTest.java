package cn.hotline.workforce.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.kernel.events.CallEvent;
import cn.hotline.kernel.events.EventEnvelope;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CallEventsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Serialises like call-cloud's relay (the kernel's envelope through Jackson) and reads the payload back. */
    static CallEvent roundTrip(CallEvent event) {
        EventEnvelope<CallEvent> envelope = new EventEnvelope<>(
                UUID.nameUUIDFromBytes(new byte[] {1}),
                event.getClass().getSimpleName(),
                1,
                TenantId.of("shushan"),
                event.at(),
                null,
                event);
        JsonNode read = JSON.readTree(JSON.writeValueAsString(envelope));
        return CallEvents.parse(read.path("type").asString(), read.path("payload"))
                .orElseThrow();
    }

    @Test
    void readsEveryKindOfCallEventTheRelayWrites() {
        CallId call = CallId.random();
        Instant at = Instant.parse("2026-11-24T01:02:03.456Z");
        List<CallEvent> events = List.of(
                new CallEvent.CallArrived(1, call, "general", 5, at),
                new CallEvent.CallQueued(2, call, "general", 5, at),
                new CallEvent.CallOverflowed(3, call, "medical", at),
                new CallEvent.CallOffered(4, call, "7001", at),
                new CallEvent.CallRingTimedOut(5, call, "7001", at),
                new CallEvent.CallAnswered(6, call, "7002", at),
                new CallEvent.CallEnded(7, call, "7002", at),
                new CallEvent.CallAbandoned(8, call, at),
                new CallEvent.CallRejected(9, call, "general", "QUEUE_FULL", at),
                new CallEvent.AgentStateChanged(10, "7002", "READY", "NOT_READY", "午休", at),
                new CallEvent.AgentStateChanged(11, "7002", "NOT_READY", "READY", null, at));
        for (CallEvent event : events) {
            assertThat(roundTrip(event)).isEqualTo(event);
        }
    }

    @Test
    void skipsUnknownTypesAndRefusesIncompleteOnes() {
        JsonNode payload = JSON.readTree("{\"sequence\": 1, \"at\": \"2026-11-24T00:00:00Z\"}");
        assertThat(CallEvents.parse("CallTeleported", payload)).isEmpty();
        assertThatThrownBy(() -> CallEvents.parse("CallAnswered", payload))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package cn.hotline.workforce.events;

import cn.hotline.kernel.id.CallId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * call-cloud's {@code CallRecorded} event (version 1, on the tenant's call-event topic): the call's recording is in the
 * tenant's recordings bucket under {@code objectKey}.
 */
public record RecordedCall(
        CallId call,
        String recordingId,
        String objectKey,
        long durationMs,
        String sha256,
        List<String> agents,
        Instant startedAt) {

    public RecordedCall {
        Objects.requireNonNull(call, "call");
        if (recordingId == null || recordingId.isBlank() || objectKey == null || objectKey.isBlank()) {
            throw new IllegalArgumentException("CallRecorded without recordingId or objectKey");
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("CallRecorded without a SHA-256");
        }
        if (durationMs < 0) {
            throw new IllegalArgumentException("CallRecorded with a negative duration");
        }
        Objects.requireNonNull(startedAt, "startedAt");
        agents = List.copyOf(agents);
    }

    /** Reads the payload as call-cloud writes it. */
    static RecordedCall parse(JsonNode payload) {
        JsonNode call = payload.path("callId");
        return new RecordedCall(
                CallId.parse(call.isObject() ? call.path("value").asString() : call.asString()),
                payload.path("recordingId").asString(),
                payload.path("objectKey").asString(),
                payload.path("durationMs").asLong(),
                payload.path("sha256").asString(),
                payload.path("agents").valueStream().map(JsonNode::asString).toList(),
                Instant.parse(payload.path("startedAt").asString()));
    }
}

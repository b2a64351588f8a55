package cn.hotline.call.recording;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Payload of the {@code CallRecorded} event (version 1) on the tenant's call-event topic: the call's recording is in
 * the tenant's recordings bucket. Published once the archive stored it (an upload from the spool publishes it then),
 * at least once, with an envelope id derived from tenant, call and checksum, so consumers deduplicate on it.
 *
 * @param callId the call
 * @param recordingId the media server's name of the recording
 * @param objectKey the key in the tenant's recordings bucket
 * @param durationMs length of the recording
 * @param sha256 hex SHA-256 of the stored WAV
 * @param agents user ids of the agents on the recording
 * @param startedAt when the recording started
 * @param at when the archive stored it (the time other call events also carry)
 */
public record CallRecorded(
        String callId,
        String recordingId,
        String objectKey,
        long durationMs,
        String sha256,
        List<String> agents,
        Instant startedAt,
        Instant at) {

    public CallRecorded {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(recordingId, "recordingId");
        Objects.requireNonNull(objectKey, "objectKey");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(at, "at");
        if (durationMs < 0) {
            throw new IllegalArgumentException("durationMs must not be negative");
        }
        agents = List.copyOf(agents);
    }
}

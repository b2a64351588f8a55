package cn.hotline.media.recording;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is stored with every recording, as S3 user metadata; {@code retentionUntil} is at least {@link #MIN_RETENTION}
 * after the start (R-CALL-9: recordings are kept at least a year).
 */
public record RecordingMetadata(
        TenantId tenant,
        CallId call,
        List<String> agents,
        Instant start,
        Duration duration,
        String codec,
        String sha256,
        Instant retentionUntil,
        boolean partial) {

    public static final Duration MIN_RETENTION = Duration.ofDays(366);

    public RecordingMetadata {
        if (tenant == null || call == null || agents == null || start == null || duration == null) {
            throw new IllegalArgumentException("recording metadata needs tenant, call, agents, start and duration");
        }
        if (codec == null || codec.isBlank()) {
            throw new IllegalArgumentException("recording metadata needs the codec");
        }
        if (sha256 == null || sha256.length() != 64 || !sha256.chars().allMatch(c -> HexFormat.isHexDigit(c))) {
            throw new IllegalArgumentException("sha256 must be 64 hex digits: " + sha256);
        }
        if (retentionUntil == null || retentionUntil.isBefore(start.plus(MIN_RETENTION))) {
            throw new IllegalArgumentException(
                    "recordings are retained at least " + MIN_RETENTION.toDays() + " days: " + retentionUntil);
        }
        if (agents.stream().anyMatch(agent -> agent.isBlank() || agent.contains(","))) {
            throw new IllegalArgumentException("agent names must be non-blank and without commas: " + agents);
        }
        agents = List.copyOf(agents);
    }

    public Map<String, String> toUserMetadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("tenant", tenant.value());
        metadata.put("call", call.toString());
        metadata.put("agents", String.join(",", agents));
        metadata.put("start", start.toString());
        metadata.put("duration-ms", Long.toString(duration.toMillis()));
        metadata.put("codec", codec);
        metadata.put("sha256", sha256);
        metadata.put("retention-until", retentionUntil.toString());
        metadata.put("partial", Boolean.toString(partial));
        return metadata;
    }

    public static RecordingMetadata fromUserMetadata(Map<String, String> metadata) {
        try {
            String agents = metadata.getOrDefault("agents", "");
            return new RecordingMetadata(
                    TenantId.of(metadata.get("tenant")),
                    CallId.parse(metadata.get("call")),
                    agents.isEmpty() ? List.of() : List.of(agents.split(",")),
                    Instant.parse(metadata.get("start")),
                    Duration.ofMillis(Long.parseLong(metadata.get("duration-ms"))),
                    metadata.get("codec"),
                    metadata.get("sha256"),
                    Instant.parse(metadata.get("retention-until")),
                    Boolean.parseBoolean(metadata.get("partial")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a recording's metadata: " + metadata, e);
        }
    }
}

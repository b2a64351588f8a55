package cn.hotline.media.recording;

/** A recording in the tenant's bucket. */
public record StoredRecording(String bucket, String key, RecordingMetadata metadata) {}

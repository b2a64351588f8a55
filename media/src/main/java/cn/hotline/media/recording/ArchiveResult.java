package cn.hotline.media.recording;

import java.nio.file.Path;

/** What became of a finished recording: in the store, or waiting in the spool for the store to come back. */
public sealed interface ArchiveResult {

    record Uploaded(StoredRecording recording) implements ArchiveResult {}

    record Spooled(Path file, RecordingMetadata metadata, String reason) implements ArchiveResult {}
}

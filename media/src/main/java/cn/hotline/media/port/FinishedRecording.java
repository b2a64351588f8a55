package cn.hotline.media.port;

import cn.hotline.kernel.id.CallId;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A recording the media server has closed, in the local spool, ready for upload; {@code partial} when the call's media
 * ended abnormally (server lost).
 */
public record FinishedRecording(CallId call, String recording, Path file, Duration duration, boolean partial) {}

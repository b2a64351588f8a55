package cn.hotline.media.port;

import cn.hotline.kernel.id.CallId;
import java.time.Instant;

/** A recording in progress. */
public record RecordingHandle(CallId call, String recording, RecordingLayout layout, Instant startedAt) {}

package cn.hotline.media.port;

import cn.hotline.kernel.id.CallId;
import java.time.Instant;

/** What the media server reports on its own. */
public sealed interface MediaEvent {

    Instant at();

    /** A prompt (or sequence) finished playing to a leg. */
    record PlaybackFinished(CallId call, LegId leg, Instant at) implements MediaEvent {}

    /** A leg stopped carrying media (peer gone, ICE failed, timeout). */
    record LegLost(CallId call, LegId leg, String reason, Instant at) implements MediaEvent {}

    /** The media server stopped answering; every call on it is affected. */
    record ServerLost(String server, Instant at) implements MediaEvent {}

    /** The media server answers again. */
    record ServerBack(String server, Instant at) implements MediaEvent {}
}

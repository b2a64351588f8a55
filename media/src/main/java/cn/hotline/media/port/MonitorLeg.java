package cn.hotline.media.port;

import cn.hotline.kernel.id.CallId;

/**
 * A supervisor's browser leg that the media server offers ({@code sdpOffer} goes to the browser, whose answer comes
 * back through {@link MediaServer#completeMonitor}).
 */
public record MonitorLeg(CallId call, LegId leg, String supervisor, MonitorMode mode, String sdpOffer) {

    public MonitorLeg {
        if (call == null || leg == null || mode == null || supervisor == null || supervisor.isBlank()) {
            throw new IllegalArgumentException("MonitorLeg needs a call, a leg, a supervisor and a mode");
        }
        if (sdpOffer == null || sdpOffer.isBlank()) {
            throw new IllegalArgumentException("MonitorLeg needs an SDP offer");
        }
    }
}

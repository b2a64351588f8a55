package cn.hotline.media.kurento;

import cn.hotline.media.port.LegId;
import cn.hotline.media.port.MonitorMode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kurento.client.Composite;
import org.kurento.client.HubPort;
import org.kurento.client.WebRtcEndpoint;

/**
 * The supervisors of one call that joined through {@code offerMonitor}, and the two "ears" their modes need (ADR 0005's
 * ear rooms, built with Kurento Composites): the agent's ear mixes the caller with whispering or barging supervisors
 * into the agent, the caller's ear mixes the agent with barging supervisors into the caller. An ear is built the first
 * time a mode needs it and stays until the call's pipeline is released; a mode change only connects or releases the
 * supervisor's own input port of each ear. The adapter changes it only while holding its lock ({@code synchronized}).
 */
final class SupervisorEars {

    /** A Composite whose {@code out} port feeds one party with the mix of every input port. */
    record Ear(Composite composite, HubPort out) {}

    /** One supervisor: its WebRTC leg, its mode and its input ports of the two ears (present while they are heard). */
    static final class Supervisor {
        final LegId leg;
        final WebRtcEndpoint endpoint;
        MonitorMode mode;

        @Nullable
        HubPort intoAgentEar;

        @Nullable
        HubPort intoCallerEar;

        Supervisor(LegId leg, WebRtcEndpoint endpoint, MonitorMode mode) {
            this.leg = leg;
            this.endpoint = endpoint;
            this.mode = mode;
        }
    }

    @Nullable
    Ear agentEar;

    @Nullable
    Ear callerEar;

    final Map<String, Supervisor> supervisors = new LinkedHashMap<>();

    @Nullable
    Supervisor byLeg(LegId leg) {
        for (Supervisor supervisor : supervisors.values()) {
            if (supervisor.leg.equals(leg)) {
                return supervisor;
            }
        }
        return null;
    }
}

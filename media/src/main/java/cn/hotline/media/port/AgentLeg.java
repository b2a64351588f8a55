package cn.hotline.media.port;

import cn.hotline.kernel.id.CallId;

/** An agent's (or supervisor's) browser leg; {@code sdpAnswer} goes back to the browser. */
public record AgentLeg(CallId call, LegId leg, String agent, String sdpAnswer) {

    public AgentLeg {
        if (call == null
                || leg == null
                || agent == null
                || agent.isBlank()
                || sdpAnswer == null
                || sdpAnswer.isBlank()) {
            throw new IllegalArgumentException("AgentLeg needs a call, a leg, an agent and an SDP answer");
        }
    }
}

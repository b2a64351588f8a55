package cn.hotline.media.port;

import cn.hotline.kernel.id.CallId;

/** The carrier side of a call; {@code sdp} is the answer (inbound) or the offer (outbound) to put into SIP. */
public record TrunkLeg(CallId call, LegId leg, String sdp, Codec codec) {

    public TrunkLeg {
        if (call == null || leg == null || sdp == null || sdp.isBlank() || codec == null) {
            throw new IllegalArgumentException("TrunkLeg needs a call, a leg, an SDP body and a codec");
        }
    }
}

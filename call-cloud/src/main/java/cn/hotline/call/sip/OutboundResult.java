package cn.hotline.call.sip;

/** What an outbound call attempt came to: answered (with the far end's SDP), or failed with an outcome. */
public sealed interface OutboundResult {

    /** The far end answered; {@code call} hangs it up and tells when the far end hangs up. */
    record Answered(OutboundCall call, String sdpAnswer) implements OutboundResult {}

    /** The attempt failed: the outcome, the SIP status that caused it (0 when none came) and why. */
    record Failed(OutboundOutcome outcome, int status, String reason) implements OutboundResult {
        public Failed {
            if (outcome == null || outcome == OutboundOutcome.ANSWERED || reason == null) {
                throw new IllegalArgumentException("a failed attempt has a failure outcome and a reason");
            }
        }
    }
}

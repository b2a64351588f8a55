package cn.hotline.call.sip;

/** How an outbound call attempt ended, from the far end's SIP answer (or its silence). */
public enum OutboundOutcome {
    /** 2xx: the far end answered. */
    ANSWERED,
    /** 486 Busy Here, 600 Busy Everywhere. */
    BUSY,
    /** Rang without answer until our ring timeout (we cancelled), or the far end said 408 / 480 / 487. */
    NO_ANSWER,
    /** The far end refused: 403, 603, 488, our credentials refused, other 4xx / 6xx. */
    REJECTED,
    /** No answer at all, or the number or the network cannot be reached: 404, 484, 410, 5xx, I/O errors. */
    UNREACHABLE,
    /** Our side gave up before an answer (the caller hung up, the agent cancelled). */
    CANCELLED;

    /** The outcome a final non-2xx answer (or a 2xx) stands for. */
    public static OutboundOutcome ofStatus(int status) {
        if (status >= 200 && status < 300) {
            return ANSWERED;
        }
        return switch (status) {
            case 486, 600 -> BUSY;
            case 408, 480, 487 -> NO_ANSWER;
            case 404, 410, 484, 485 -> UNREACHABLE;
            default -> status >= 500 && status < 600 ? UNREACHABLE : REJECTED;
        };
    }
}

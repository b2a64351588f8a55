package cn.hotline.call.session;

/** How opening a session for an admitted call went. */
public sealed interface SessionStart {

    /**
     * Media leg open and the call taken: answer the caller with {@code sdpAnswer}; the IVR, queue or voicemail begins
     * when the caller's ACK arrives ({@link CallSessions#confirmed}).
     */
    record Started(String sdpAnswer, String route) implements SessionStart {}

    /** The call cannot be taken; nothing of it is left (media, quota and owner released). */
    record Refused(Reason reason, String detail) implements SessionStart {}

    enum Reason {
        /** The queue is full (SIP 486). */
        QUEUE_FULL,
        /** The routing rules refuse the call (blacklist in the rules, closed line): SIP 603. */
        REJECTED,
        /** No media server, or it failed (SIP 503). */
        MEDIA_UNAVAILABLE,
        /** The ACD could not take the call: another instance runs the tenant's ACD, or it failed (SIP 503). */
        ACD_UNAVAILABLE
    }
}

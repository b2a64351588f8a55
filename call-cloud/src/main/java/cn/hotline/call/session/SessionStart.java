package cn.hotline.call.session;

import cn.hotline.call.acd.domain.CallRouting;

/** How opening a session for an admitted call went. */
public sealed interface SessionStart {

    /** Media leg open and the call handed to the ACD: answer the caller with {@code sdpAnswer}. */
    record Started(String sdpAnswer, CallRouting routing) implements SessionStart {}

    /** The call cannot be taken; nothing of it is left (media, quota and owner released). */
    record Refused(Reason reason, String detail) implements SessionStart {}

    enum Reason {
        /** The queue is full (SIP 486). */
        QUEUE_FULL,
        /** No media server, or it failed (SIP 503). */
        MEDIA_UNAVAILABLE,
        /** The ACD could not take the call: another instance runs the tenant's ACD, or it failed (SIP 503). */
        ACD_UNAVAILABLE
    }
}

package cn.hotline.call.session;

/** The SIP side of a live call, as the session needs it: ending the call towards the caller (BYE). */
@FunctionalInterface
public interface TrunkLine {

    void hangUp(String reason);
}

package cn.hotline.call.ivr;

/** What the SIP / media side tells a running IVR. */
public sealed interface IvrInput {

    /** The call is answered and its media is ready: the IVR begins at its start node. */
    record Started() implements IvrInput {}

    /** The caller pressed a key (0-9, *, #). */
    record Digit(char key) implements IvrInput {}

    /** The timer of {@link IvrAction.CollectDigit} number {@code id} ran out. */
    record Timeout(int id) implements IvrInput {}

    /** {@link IvrAction.Play} number {@code id} finished (not sent for a playback the IVR stopped). */
    record PromptFinished(int id) implements IvrInput {}
}

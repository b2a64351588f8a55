package cn.hotline.media.port;

/** A media operation failed; {@link #reason()} tells callers what to do about it. */
public final class MediaServerException extends RuntimeException {

    /** Why an operation failed. */
    public enum Reason {
        /** The server did not answer (retry elsewhere, or give up the call's media). */
        UNREACHABLE,
        /** The leg or call is not (or no longer) known to the server. */
        UNKNOWN_LEG,
        /** The SDP offer or answer cannot be accepted (no common codec, malformed). */
        UNACCEPTABLE_SDP,
        /** The adapter cannot do this operation. */
        UNSUPPORTED
    }

    private final Reason reason;

    public MediaServerException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public MediaServerException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

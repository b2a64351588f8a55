package cn.hotline.auth.federation;

/** The upstream provider could not be used or gave an answer that does not verify. */
public final class FederationFailedException extends RuntimeException {

    public FederationFailedException(String message) {
        super(message);
    }

    public FederationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

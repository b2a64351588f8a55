package cn.hotline.devstack;

import java.io.Serial;

/** A server or service could not be started; the message says which, why, and ends with the tail of its log. */
public final class StackStartException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    public StackStartException(String message) {
        super(message);
    }

    public StackStartException(String message, Throwable cause) {
        super(message, cause);
    }
}

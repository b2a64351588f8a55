package cn.hotline.ticket.ticket.domain;

/** The citizen's verdict at the callback (回访). */
public enum Satisfaction {
    SATISFIED,
    BASICALLY_SATISFIED,
    DISSATISFIED,
    /** The citizen could not be reached or declined; counts as taking no part. */
    NOT_REACHED;

    public boolean isDissatisfied() {
        return this == DISSATISFIED;
    }
}

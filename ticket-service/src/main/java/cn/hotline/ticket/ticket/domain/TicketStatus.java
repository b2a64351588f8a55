package cn.hotline.ticket.ticket.domain;

/**
 * Where a ticket stands. {@link #CLOSED} still accepts an archive; {@link #ARCHIVED} and {@link #MERGED} accept
 * nothing.
 */
public enum TicketStatus {
    /** 已受理: registered, waiting for the centre to answer, send for review or dispatch. */
    RECEIVED,
    /** 送审核: a clerk's proposal waits for review before it is answered or dispatched. */
    IN_REVIEW,
    /** 已交办: dispatched to a main unit, waiting for it to sign for. */
    DISPATCHED,
    /** 已签收: the main unit handles it. */
    SIGNED,
    /** 挂起: handling paused (the closing clock stops). */
    SUSPENDED,
    /** 退回申请: the main unit asked to hand it back; the centre reviews. */
    RETURN_REQUESTED,
    /** 延期申请: the main unit asked for more time; the centre reviews. */
    EXTENSION_REQUESTED,
    /** 已答复: the unit replied; the centre reviews the result. */
    REPLIED,
    /** 待回访: answered (directly or by an approved reply), waiting for the callback. */
    ANSWERED,
    /** 已回访: the citizen was satisfied (or the callback was waived); ready to close. */
    CALLED_BACK,
    /** 已办结. */
    CLOSED,
    /** 已归档: one case file, immutable. */
    ARCHIVED,
    /** 已并单: merged into another ticket, immutable. */
    MERGED;

    public boolean isFinal() {
        return this == ARCHIVED || this == MERGED;
    }

    /** Still being handled: counts towards the closing deadline and may be urged or supervised. */
    public boolean isOpen() {
        return this != CLOSED && !isFinal();
    }

    /** States in which a unit holds the ticket. */
    public boolean isWithUnit() {
        return this == DISPATCHED
                || this == SIGNED
                || this == SUSPENDED
                || this == RETURN_REQUESTED
                || this == EXTENSION_REQUESTED
                || this == REPLIED;
    }
}

package cn.hotline.ticket.knowledge;

import java.util.Set;

/** A step of the entry workflow: which statuses it starts from and where it leads. */
public enum WorkflowStep {
    /** An author hands a draft in for review. */
    SUBMIT(Set.of(EntryStatus.DRAFT), EntryStatus.IN_REVIEW),
    /** A reviewer publishes it. */
    APPROVE(Set.of(EntryStatus.IN_REVIEW), EntryStatus.PUBLISHED),
    /** A reviewer sends it back to its author. */
    REJECT(Set.of(EntryStatus.IN_REVIEW), EntryStatus.DRAFT),
    /** Taken off the shelf (下架): out of search at once, kept with its history. */
    TAKE_OFF(Set.of(EntryStatus.PUBLISHED), EntryStatus.OFF_SHELF),
    /** Put back on the shelf (上架). */
    PUT_BACK(Set.of(EntryStatus.OFF_SHELF), EntryStatus.PUBLISHED);

    private final Set<EntryStatus> from;
    private final EntryStatus to;

    WorkflowStep(Set<EntryStatus> from, EntryStatus to) {
        this.from = from;
        this.to = to;
    }

    /** The status after this step; refuses a step the current status does not allow. */
    public EntryStatus apply(EntryStatus current) {
        if (!from.contains(current)) {
            throw new IllegalTransition(current, this);
        }
        return to;
    }

    /** Whether this step needs a reviewer (tenant admin or supervisor) for entries other than personal ones. */
    public boolean needsReviewer() {
        return this != SUBMIT;
    }

    /** A step the entry's current status does not allow. */
    public static final class IllegalTransition extends RuntimeException {
        IllegalTransition(EntryStatus current, WorkflowStep step) {
            super("an entry that is " + current + " cannot be " + step + " (allowed from " + step.from + ")");
        }
    }
}

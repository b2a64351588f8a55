package cn.hotline.ticket.knowledge;

/** Where an entry is in its workflow. Only {@link #PUBLISHED} entries are searched, cited and answered from. */
public enum EntryStatus {
    DRAFT,
    IN_REVIEW,
    PUBLISHED,
    OFF_SHELF
}

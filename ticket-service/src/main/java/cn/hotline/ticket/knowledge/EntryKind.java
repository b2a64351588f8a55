package cn.hotline.ticket.knowledge;

/** What an entry is. */
public enum EntryKind {
    /** Policy and how-to knowledge. */
    ARTICLE,
    /** A reply template agents adapt for callers and ticket answers (答复模板). */
    TEMPLATE,
    /** A department yellow-pages card (部门黄页): a handling unit's duties and contacts. */
    YELLOW_PAGE
}

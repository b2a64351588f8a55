package cn.hotline.ticket.ticket.domain;

/** What the citizen asks for (诉求类型); consultations and complaints have different closing limits. */
public enum RequestKind {
    /** 咨询 */
    CONSULTATION,
    /** 求助 */
    HELP,
    /** 投诉 */
    COMPLAINT,
    /** 举报 */
    REPORT,
    /** 建议 */
    SUGGESTION,
    /** 表扬 */
    PRAISE
}

package cn.hotline.ticket.knowledge;

/** Who may read an entry (分级授权). */
public enum Tier {
    /** Everyone of the tenant. */
    TENANT,
    /** Users of one workstation, and those who see the whole tenant. */
    WORKSTATION,
    /** Users of one handling unit, and those who see the whole tenant. */
    UNIT,
    /** Its author only (个人知识库). */
    PERSONAL
}

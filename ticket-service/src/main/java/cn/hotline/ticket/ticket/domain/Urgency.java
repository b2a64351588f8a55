package cn.hotline.ticket.ticket.domain;

/** 紧急程度: urgent (突发) tickets must be signed for within 30 minutes instead of 24 hours. */
public enum Urgency {
    NORMAL,
    URGENT
}

package cn.hotline.ticket.ticket.domain;

/** 黄灯 before a limit runs out, 红灯 once it has. */
public enum WarningLevel {
    YELLOW,
    RED
}

package cn.hotline.ticket.ticket.domain;

/** Where a request came in (R-TKT-1). */
public enum Channel {
    PHONE,
    WEB,
    WECHAT,
    APP,
    CITY_PLATFORM
}

package cn.hotline.tenant.calendar;

/** How a date deviates from the weekly pattern. */
public enum DayKind {
    /** A public holiday or a day off in lieu (放假): no working time, whatever the weekday. */
    HOLIDAY,
    /** A make-up working day (调休上班), usually a Saturday or Sunday: worked with the make-up hours. */
    WORKDAY
}

package cn.hotline.call.report;

/**
 * How a tenant counts callers who hang up within the short-abandon threshold (misdials, callers who change their
 * mind): left out of offered calls and of every rate, or counted like any other abandoned call.
 */
public enum ShortAbandons {
    EXCLUDE,
    INCLUDE
}

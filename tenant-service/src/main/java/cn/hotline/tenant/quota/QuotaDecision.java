package cn.hotline.tenant.quota;

/** The outcome of asking for some of a quota; {@link Exceeded} and {@link Blocked} changed nothing. */
public sealed interface QuotaDecision {

    QuotaUsage usage();

    record Granted(QuotaUsage usage) implements QuotaDecision {}

    record Exceeded(QuotaUsage usage, long requested) implements QuotaDecision {}

    /** The tenant is suspended or deactivated; nothing changed. */
    record Blocked(QuotaUsage usage) implements QuotaDecision {}
}

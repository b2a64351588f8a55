package cn.hotline.tenant.quota;

/** The outcome of asking for some of a quota; {@link Exceeded} changed nothing. */
public sealed interface QuotaDecision {

    QuotaUsage usage();

    record Granted(QuotaUsage usage) implements QuotaDecision {}

    record Exceeded(QuotaUsage usage, long requested) implements QuotaDecision {}
}

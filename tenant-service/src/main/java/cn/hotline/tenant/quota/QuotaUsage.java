package cn.hotline.tenant.quota;

/** How much of one quota a tenant uses, against its limit. For a rate, {@code used} counts the current second. */
public record QuotaUsage(QuotaKind kind, long used, long limit) {}

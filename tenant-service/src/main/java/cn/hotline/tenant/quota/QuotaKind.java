package cn.hotline.tenant.quota;

import java.util.Locale;
import java.util.Optional;

/** What a tenant's quota limits; the path segment of the consumption API is {@link #segment()}. */
public enum QuotaKind {
    /** Seat accounts (座席) that exist. */
    SEATS,
    /** Calls in progress at the same time. */
    CONCURRENT_CALLS,
    /** Recording storage in mebibytes. */
    RECORDING_STORAGE_MB,
    /** API requests per second (a rate: the counter resets every second). */
    API_REQUESTS_PER_SECOND;

    /** {@code seats}, {@code concurrent-calls}, {@code recording-storage-mb}, {@code api-requests-per-second}. */
    public String segment() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<QuotaKind> fromSegment(String segment) {
        for (QuotaKind kind : values()) {
            if (kind.segment().equals(segment) || kind.name().equals(segment)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}

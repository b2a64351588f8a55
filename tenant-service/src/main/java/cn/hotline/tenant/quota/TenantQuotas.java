package cn.hotline.tenant.quota;

import java.util.EnumMap;
import java.util.Map;

/** The limits of one tenant; every limit is at least 0 (0 means none of it is allowed). */
public record TenantQuotas(int seats, int concurrentCalls, long recordingStorageMb, int apiRequestsPerSecond) {

    public TenantQuotas {
        if (seats < 0 || concurrentCalls < 0 || recordingStorageMb < 0 || apiRequestsPerSecond < 0) {
            throw new IllegalArgumentException("quota limits cannot be negative");
        }
        if (seats > 100_000 || concurrentCalls > 100_000 || apiRequestsPerSecond > 1_000_000) {
            throw new IllegalArgumentException("quota limits are beyond what one tenant can use");
        }
    }

    /** What a new tenant gets when the operator names no quotas. */
    public static TenantQuotas defaults() {
        return new TenantQuotas(50, 30, 512_000, 50);
    }

    public long limit(QuotaKind kind) {
        return switch (kind) {
            case SEATS -> seats;
            case CONCURRENT_CALLS -> concurrentCalls;
            case RECORDING_STORAGE_MB -> recordingStorageMb;
            case API_REQUESTS_PER_SECOND -> apiRequestsPerSecond;
        };
    }

    public Map<QuotaKind, Long> asMap() {
        Map<QuotaKind, Long> map = new EnumMap<>(QuotaKind.class);
        for (QuotaKind kind : QuotaKind.values()) {
            map.put(kind, limit(kind));
        }
        return map;
    }
}

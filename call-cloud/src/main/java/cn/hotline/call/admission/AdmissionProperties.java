package cn.hotline.call.admission;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Call admission ({@code cc.call.admission}).
 *
 * @param tenantServiceUrl where tenant-service's {@code /internal/numbers/{number}} answers
 * @param numberCacheTtl how long a number's tenant is kept
 * @param unknownNumberCacheTtl how long "nobody owns this number" is kept (short: a new number works soon)
 * @param callTtl how long a call's quota entry and owner record live without renewal; a crashed instance's calls stop
 *     counting after this
 * @param retryAfter the {@code Retry-After} of a call refused over quota or while a dependency is down
 * @param announceBlacklisted tenants that want blacklisted callers to hear an announcement before the 603
 * @param blacklistedPrompt the platform's announcement for them (an 8 kHz audio file the media server reads); a
 *     tenant's own {@code blacklisted} prompt comes first, {@code sys.declined} when there is neither
 * @param announceOverQuota tenants whose callers over the concurrent-call limit hear an announcement before the 486
 *     (the tenant's {@code over-quota} prompt, else {@code sys.over_quota})
 * @param announceUnknownNumber whether callers of a number no tenant owns hear {@code sys.unknown_number} before the
 *     404 (false by default: such calls are often scans, and the announcement costs a media leg)
 * @param announcementLimit the longest a refusal's announcement plays before the final answer
 */
@Validated
@ConfigurationProperties("cc.call.admission")
public record AdmissionProperties(
        @Nullable String tenantServiceUrl,
        @Nullable Duration numberCacheTtl,
        @Nullable Duration unknownNumberCacheTtl,
        @Nullable Duration callTtl,
        @Nullable Duration retryAfter,
        @Nullable Set<String> announceBlacklisted,
        @Nullable URI blacklistedPrompt,
        @Nullable Set<String> announceOverQuota,
        boolean announceUnknownNumber,
        @Nullable Duration announcementLimit) {

    public AdmissionProperties {
        tenantServiceUrl =
                tenantServiceUrl == null || tenantServiceUrl.isBlank() ? "http://127.0.0.1:18081" : tenantServiceUrl;
        numberCacheTtl = numberCacheTtl == null ? Duration.ofSeconds(30) : numberCacheTtl;
        unknownNumberCacheTtl = unknownNumberCacheTtl == null ? Duration.ofSeconds(5) : unknownNumberCacheTtl;
        callTtl = callTtl == null ? Duration.ofSeconds(60) : callTtl;
        retryAfter = retryAfter == null ? Duration.ofSeconds(30) : retryAfter;
        announceBlacklisted = announceBlacklisted == null ? Set.of() : Set.copyOf(announceBlacklisted);
        announceOverQuota = announceOverQuota == null ? Set.of() : Set.copyOf(announceOverQuota);
        announcementLimit = announcementLimit == null ? Duration.ofSeconds(15) : announcementLimit;
        if (announcementLimit.isNegative() || announcementLimit.isZero() || announcementLimit.toSeconds() > 60) {
            throw new IllegalArgumentException("cc.call.admission.announcement-limit must be 1 ms - 60 s");
        }
        if (callTtl.toSeconds() < 3) {
            throw new IllegalArgumentException("cc.call.admission.call-ttl must be at least 3 s (renewed every third)");
        }
    }

    static AdmissionProperties defaults() {
        return new AdmissionProperties(null, null, null, null, null, null, null, null, false, null);
    }

    Duration callTtlValue() {
        return callTtl == null ? Duration.ofSeconds(60) : callTtl;
    }
}

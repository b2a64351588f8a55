package cn.hotline.ticket.sla;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code cc.ticket.sla}: the warning scan.
 *
 * @param scanEnabled whether this instance schedules the scan (several may: ShedLock lets one run per tick)
 * @param scanInterval how often the scan runs
 * @param lockAtMostFor how long a crashed scanner keeps the lock
 * @param lockAtLeastFor how long the lock is kept after a quick scan, so that other instances skip the same tick
 */
@Validated
@ConfigurationProperties(prefix = "cc.ticket.sla")
public record SlaProperties(
        boolean scanEnabled, Duration scanInterval, Duration lockAtMostFor, Duration lockAtLeastFor) {

    public SlaProperties {
        scanInterval = scanInterval == null || scanInterval.isNegative() || scanInterval.isZero()
                ? Duration.ofMinutes(1)
                : scanInterval;
        lockAtMostFor = lockAtMostFor == null || lockAtMostFor.isNegative() || lockAtMostFor.isZero()
                ? Duration.ofMinutes(10)
                : lockAtMostFor;
        lockAtLeastFor =
                lockAtLeastFor == null || lockAtLeastFor.isNegative() ? scanInterval.dividedBy(2) : lockAtLeastFor;
        if (lockAtLeastFor.compareTo(lockAtMostFor) > 0) {
            throw new IllegalArgumentException("cc.ticket.sla.lock-at-least-for must not exceed lock-at-most-for");
        }
    }
}

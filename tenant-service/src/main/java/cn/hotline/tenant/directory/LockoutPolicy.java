package cn.hotline.tenant.directory;

import java.time.Duration;

/**
 * After {@code maxFailures} wrong passwords in a row an account locks; the n-th lockout since the last successful
 * login lasts {@code firstLock × 2^(n-1)}, capped at {@code maxLock}. A successful login resets both counters.
 */
public record LockoutPolicy(int maxFailures, Duration firstLock, Duration maxLock) {

    public LockoutPolicy {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1");
        }
        if (firstLock.isNegative() || firstLock.isZero() || maxLock.compareTo(firstLock) < 0) {
            throw new IllegalArgumentException("lock durations must be positive and maxLock >= firstLock");
        }
    }

    /** 5 failures, then 1 minute, 2, 4, … up to one day. */
    public static LockoutPolicy standard() {
        return new LockoutPolicy(5, Duration.ofMinutes(1), Duration.ofDays(1));
    }

    /** Whether this many consecutive failures lock the account. */
    public boolean locks(int consecutiveFailures) {
        return consecutiveFailures >= maxFailures;
    }

    /** How long the {@code lockoutNumber}-th lockout (1-based) lasts. */
    public Duration lockFor(int lockoutNumber) {
        if (lockoutNumber < 1) {
            throw new IllegalArgumentException("lockout numbers start at 1");
        }
        int doublings = Math.min(lockoutNumber - 1, 30);
        Duration lock = firstLock.multipliedBy(1L << doublings);
        return lock.compareTo(maxLock) > 0 ? maxLock : lock;
    }
}

package cn.hotline.tenant.provisioning;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Where one provisioning step of a tenant stands. */
public record StepState(
        String step,
        int order,
        Status status,
        int attempts,
        @Nullable String lastError,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt) {

    /** A step's state. */
    public enum Status {
        PENDING,
        RUNNING,
        SUCCEEDED,
        FAILED
    }
}

package cn.hotline.call.acd;

import cn.hotline.call.acd.domain.AcdSettings;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.validation.annotation.Validated;

/**
 * ACD settings of call-cloud ({@code cc.call.acd}); one set for every tenant until tenants configure their own.
 *
 * @param leaseTtl how long a writer's Redis lease lasts without renewal; a crashed instance's tenants move after this
 * @param tick how often timers (ring timeouts, wrap-up ends, overflows) are checked
 * @param instanceId this instance's name in the lease; a random one when not set
 * @param forwardTimeout how long a command sent to the instance running a tenant's writer may take
 * @param followInterval how often call records and call events catch up with the decisions
 * @param advertisedUrl the base URL other instances use to reach this one; {@code http://127.0.0.1:<port>} when not
 *     set (one machine)
 * @param pipelineDepth how many group commits of a tenant's writer may be in flight at once on its connection (1–16;
 *     1 when not set): above 1, while PostgreSQL commits one batch the writer applies and sends the next — no gain
 *     measured on one 2-core machine (benchmarks/README.md), possibly one where PostgreSQL is a network hop away
 */
@Validated
@ConfigurationProperties("cc.call.acd")
public record AcdProperties(
        @Nullable Duration leaseTtl,
        @Nullable Duration tick,
        @Nullable Duration ringTimeout,
        @Nullable Duration afterCallWork,
        @Nullable Integer maxQueueLength,
        @Nullable String instanceId,
        @Nullable Duration forwardTimeout,
        @Nullable String advertisedUrl,
        @Nullable Duration followInterval,
        @Nullable Integer pipelineDepth) {

    @ConstructorBinding
    public AcdProperties {
        leaseTtl = leaseTtl == null ? Duration.ofSeconds(10) : leaseTtl;
        tick = tick == null ? Duration.ofMillis(200) : tick;
        ringTimeout = ringTimeout == null ? Duration.ofSeconds(15) : ringTimeout;
        afterCallWork = afterCallWork == null ? Duration.ofSeconds(30) : afterCallWork;
        maxQueueLength = maxQueueLength == null ? 500 : maxQueueLength;
        instanceId = instanceId == null || instanceId.isBlank()
                ? "call-cloud-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime())
                : instanceId;
        forwardTimeout = forwardTimeout == null ? Duration.ofSeconds(3) : forwardTimeout;
        advertisedUrl = advertisedUrl == null || advertisedUrl.isBlank() ? null : advertisedUrl;
        followInterval = followInterval == null ? Duration.ofMillis(500) : followInterval;
        pipelineDepth = pipelineDepth == null ? 1 : pipelineDepth;
        if (pipelineDepth < 1 || pipelineDepth > 16) {
            throw new IllegalArgumentException("cc.call.acd.pipeline-depth must be 1 to 16, not " + pipelineDepth);
        }
    }

    /** With the default pipeline depth. */
    public AcdProperties(
            @Nullable Duration leaseTtl,
            @Nullable Duration tick,
            @Nullable Duration ringTimeout,
            @Nullable Duration afterCallWork,
            @Nullable Integer maxQueueLength,
            @Nullable String instanceId,
            @Nullable Duration forwardTimeout,
            @Nullable String advertisedUrl,
            @Nullable Duration followInterval) {
        this(
                leaseTtl,
                tick,
                ringTimeout,
                afterCallWork,
                maxQueueLength,
                instanceId,
                forwardTimeout,
                advertisedUrl,
                followInterval,
                null);
    }

    public static AcdProperties defaults() {
        return new AcdProperties(null, null, null, null, null, null, null, null, null, null);
    }

    AcdSettings settings() {
        return new AcdSettings(required(ringTimeout), required(afterCallWork), required(maxQueueLength), Map.of());
    }

    private static <T> T required(@Nullable T value) {
        if (value == null) {
            throw new IllegalStateException("defaulted in the constructor");
        }
        return value;
    }
}

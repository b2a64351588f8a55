package cn.hotline.call.recording;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Call recordings ({@code cc.call.recording}).
 *
 * @param spoolDir where finished recordings wait for upload (default {@code <tmp>/cc-call-recordings})
 * @param retention how long recordings are kept (at least 366 days)
 * @param linkValidity how long a play / download link works (at most 15 minutes)
 * @param retryEvery how often recordings left in the spool are uploaded again
 */
@Validated
@ConfigurationProperties("cc.call.recording")
public record RecordingProperties(
        @Nullable Path spoolDir,
        @Nullable Duration retention,
        @Nullable Duration linkValidity,
        @Nullable String bucketPrefix,
        @Nullable Duration retryEvery) {

    public RecordingProperties {
        spoolDir = spoolDir == null ? Path.of(System.getProperty("java.io.tmpdir"), "cc-call-recordings") : spoolDir;
        retention = retention == null ? Duration.ofDays(366) : retention;
        linkValidity = linkValidity == null ? Duration.ofMinutes(5) : linkValidity;
        bucketPrefix = bucketPrefix == null || bucketPrefix.isBlank() ? "rec-" : bucketPrefix;
        retryEvery = retryEvery == null ? Duration.ofMinutes(1) : retryEvery;
    }
}

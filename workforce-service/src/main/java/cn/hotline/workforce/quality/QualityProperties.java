package cn.hotline.workforce.quality;

import java.nio.file.Path;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code cc.workforce.quality}.
 *
 * @param zone the time zone months are counted in (a call answered at 23:30 on the 31st belongs to that month)
 * @param sampleRate the random sample's share of each agent's answered calls per month (at least 0.05)
 * @param longCallSeconds a call at least this long is inspected by rule (LONG_CALL)
 * @param speechDbfs auto-QA: the RMS level from which a 20 ms frame counts as speech
 * @param holdSeconds auto-QA: a mutual silence at least this long counts as hold
 * @param maxRecordingBytes auto-QA: the largest recording read into memory (default 64 MiB, about 35 minutes)
 * @param spoolDir the recording archive's spool (media's {@code RecordingArchive} needs one; this service only reads)
 * @param autoRunAttempts auto-QA on call-cloud's {@code CallRecorded}: attempts before a run that keeps failing (ASR or
 *     store down) is given up as {@code FAILED} (default 5; each retry comes about 5 s after the last)
 */
@ConfigurationProperties("cc.workforce.quality")
public record QualityProperties(
        @Nullable ZoneId zone,
        @Nullable Double sampleRate,
        @Nullable Integer longCallSeconds,
        @Nullable Double speechDbfs,
        @Nullable Double holdSeconds,
        @Nullable Integer maxRecordingBytes,
        @Nullable Path spoolDir,
        @Nullable Integer autoRunAttempts) {

    public QualityProperties {
        zone = zone == null ? ZoneId.of("Asia/Shanghai") : zone;
        sampleRate = sampleRate == null ? 0.05 : sampleRate;
        longCallSeconds = longCallSeconds == null ? 600 : longCallSeconds;
        speechDbfs = speechDbfs == null ? -40.0 : speechDbfs;
        holdSeconds = holdSeconds == null ? 10.0 : holdSeconds;
        maxRecordingBytes = maxRecordingBytes == null ? 64 * 1024 * 1024 : maxRecordingBytes;
        spoolDir = spoolDir == null
                ? Path.of(System.getProperty("java.io.tmpdir"), "workforce-recording-spool")
                : spoolDir;
        autoRunAttempts = autoRunAttempts == null ? 5 : autoRunAttempts;
        if (autoRunAttempts < 1) {
            throw new IllegalArgumentException("cc.workforce.quality.auto-run-attempts must be at least 1");
        }
        if (sampleRate < 0.05 || sampleRate > 1) {
            throw new IllegalArgumentException("cc.workforce.quality.sample-rate must be 0.05-1 (the floor is 5 %)");
        }
        if (longCallSeconds < 1) {
            throw new IllegalArgumentException("cc.workforce.quality.long-call-seconds must be positive");
        }
    }
}

package cn.hotline.media.rtpengine;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where rtpengine listens and how patiently to talk to it. The adapter is created when {@code ng-url} is set.
 *
 * @param ngUrl the ng control protocol over UDP, {@code udp://127.0.0.1:22222}
 * @param ngTcpUrl the ng protocol over TCP, on which rtpengine reports DTMF ({@code --dtmf-log-ng-tcp})
 * @param recordingDir rtpengine's {@code --recording-dir} (pcap files), readable by this process
 * @param spoolDir where finished recordings wait for upload, as WAV
 * @param attemptTimeout how long one UDP attempt waits for the reply before it is sent again
 * @param attempts attempts per command before the server counts as unreachable
 * @param probeInterval how often the health probe pings; the server is lost after two silent probes
 */
@Validated
@ConfigurationProperties(prefix = "cc.media.rtpengine")
public record RtpengineProperties(
        @NotNull URI ngUrl,
        @NotNull URI ngTcpUrl,
        @Nullable Path recordingDir,
        @DefaultValue("${java.io.tmpdir}/cc-media-spool") Path spoolDir,
        @DefaultValue("500ms") Duration attemptTimeout,
        @DefaultValue("3") @Positive int attempts,
        @DefaultValue("2s") Duration probeInterval) {

    public RtpengineProperties {
        if (ngUrl == null || !"udp".equals(ngUrl.getScheme()) || ngUrl.getPort() < 1) {
            throw new IllegalArgumentException("cc.media.rtpengine.ng-url must be udp://host:port: " + ngUrl);
        }
        if (ngTcpUrl == null || !"tcp".equals(ngTcpUrl.getScheme()) || ngTcpUrl.getPort() < 1) {
            throw new IllegalArgumentException("cc.media.rtpengine.ng-tcp-url must be tcp://host:port: " + ngTcpUrl);
        }
        if (attemptTimeout == null || attemptTimeout.isNegative() || attemptTimeout.isZero()) {
            throw new IllegalArgumentException("cc.media.rtpengine.attempt-timeout must be positive");
        }
        if (probeInterval == null || probeInterval.isNegative() || probeInterval.isZero()) {
            throw new IllegalArgumentException("cc.media.rtpengine.probe-interval must be positive");
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("cc.media.rtpengine.attempts must be at least 1");
        }
    }

    /** Local defaults for a devstack's rtpengine. */
    public static RtpengineProperties of(URI ngUrl, URI ngTcpUrl, @Nullable Path recordingDir, Path spoolDir) {
        return new RtpengineProperties(
                ngUrl, ngTcpUrl, recordingDir, spoolDir, Duration.ofMillis(500), 3, Duration.ofSeconds(2));
    }
}

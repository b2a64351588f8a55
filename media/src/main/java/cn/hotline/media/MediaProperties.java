package cn.hotline.media;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the media plane's servers are. Defaults match a devstack on its usual environment variables.
 *
 * @param storage the S3-compatible store for recordings and prompts
 * @param janus the Janus gateway (local runs and tests; production uses Kurento)
 */
@Validated
@ConfigurationProperties(prefix = "cc.media")
public record MediaProperties(@NotNull Storage storage, @NotNull Janus janus) {

    public record Storage(
            @NotNull URI endpoint,
            @NotBlank String region,
            @NotBlank String accessKey,
            @NotBlank String secretKey,
            @NotBlank String diagnosticsBucket) {}

    /**
     * @param url Janus's HTTP transport
     * @param mixerPrebuffering packets AudioBridge queues per participant before mixing it ({@code default_prebuffering}
     *     of each room the mixer creates, 1-10): Janus's own default of 6 adds about 120 ms one way (measured in
     *     {@code benchmarks/run-media-path.sh}); 2 adds about 50 ms and still absorbs 40 ms of jitter, which rtpengine
     *     passes on unsmoothed
     */
    public record Janus(@NotNull URI url, @DefaultValue("2") @Min(1) @Max(10) int mixerPrebuffering) {}
}

package cn.hotline.media;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
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

    public record Janus(@NotNull URI url) {}
}

package cn.hotline.call.session;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Live calls ({@code cc.call.session}).
 *
 * @param instanceId this instance's name in the calls' owner records; random when not set
 * @param announceEvery how often a waiting caller hears its position and estimated wait (30 s; 0 = never)
 * @param voicemailMaxLength the longest voicemail when the routing rules (not an IVR node) send a call to voicemail
 * @param promptCache where tenant prompts fetched from object storage are kept for the media server to play
 */
@Validated
@ConfigurationProperties("cc.call.session")
public record SessionProperties(
        @Nullable String instanceId,
        @Nullable Duration announceEvery,
        @Nullable Duration voicemailMaxLength,
        @Nullable Path promptCache) {

    public SessionProperties {
        instanceId = instanceId == null || instanceId.isBlank()
                ? "call-cloud-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime())
                : instanceId;
        announceEvery = announceEvery == null ? Duration.ofSeconds(30) : announceEvery;
        if (announceEvery.isNegative()) {
            throw new IllegalArgumentException("cc.call.session.announce-every cannot be negative");
        }
        voicemailMaxLength = voicemailMaxLength == null ? Duration.ofMinutes(2) : voicemailMaxLength;
        if (voicemailMaxLength.isNegative() || voicemailMaxLength.isZero()) {
            throw new IllegalArgumentException("cc.call.session.voicemail-max-length must be positive");
        }
        promptCache = promptCache == null
                ? Path.of(System.getProperty("java.io.tmpdir"), "cc-call-prompt-cache")
                : promptCache;
    }
}

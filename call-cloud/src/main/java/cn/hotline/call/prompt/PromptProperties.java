package cn.hotline.call.prompt;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The prompt library's settings ({@code cc.call.prompt}).
 *
 * @param format how prompts are stored (8 kHz mono WAV): {@code ALAW} (default; G.711 as the trunk speaks it),
 *     {@code ULAW} or {@code PCM16}
 * @param bucketPrefix the tenant's prompt bucket is this plus the tenant id ({@code cc-prompt-<t>}, created by
 *     call-cloud: not the recordings bucket, whose object lock would keep deleted prompts and which tenant-service
 *     must create itself, with the lock)
 * @param keyPrefix where prompts live inside the bucket
 * @param linkValidity how long a presigned link handed to the media server stays valid
 * @param cacheDir where generated system prompts are cached
 * @param sox the sox executable
 * @param espeak the espeak-ng executable
 * @param voice the espeak-ng voice
 */
@Validated
@ConfigurationProperties("cc.call.prompt")
public record PromptProperties(
        @Nullable AudioFormat format,
        @Nullable String bucketPrefix,
        @Nullable String keyPrefix,
        @Nullable Duration linkValidity,
        @Nullable Path cacheDir,
        @Nullable String sox,
        @Nullable String espeak,
        @Nullable String voice) {

    public PromptProperties {
        format = format == null ? AudioFormat.ALAW : format;
        bucketPrefix = bucketPrefix == null || bucketPrefix.isBlank() ? "cc-prompt-" : bucketPrefix;
        keyPrefix = keyPrefix == null ? "prompts/" : keyPrefix;
        linkValidity = linkValidity == null ? PromptLibrary.defaultLinkValidity() : linkValidity;
        cacheDir = cacheDir == null ? Path.of(System.getProperty("java.io.tmpdir"), "cc-system-prompts") : cacheDir;
        sox = sox == null || sox.isBlank() ? "sox" : sox;
        espeak = espeak == null || espeak.isBlank() ? "espeak-ng" : espeak;
        voice = voice == null || voice.isBlank() ? "cmn" : voice;
    }

    public static PromptProperties defaults() {
        return new PromptProperties(null, null, null, null, null, null, null, null);
    }

    // the accessors below never return null: the constructor defaults every component
    @Override
    public AudioFormat format() {
        return java.util.Objects.requireNonNull(format);
    }

    @Override
    public String bucketPrefix() {
        return java.util.Objects.requireNonNull(bucketPrefix);
    }

    @Override
    public String keyPrefix() {
        return java.util.Objects.requireNonNull(keyPrefix);
    }

    @Override
    public Duration linkValidity() {
        return java.util.Objects.requireNonNull(linkValidity);
    }

    @Override
    public Path cacheDir() {
        return java.util.Objects.requireNonNull(cacheDir);
    }

    @Override
    public String sox() {
        return java.util.Objects.requireNonNull(sox);
    }

    @Override
    public String espeak() {
        return java.util.Objects.requireNonNull(espeak);
    }

    @Override
    public String voice() {
        return java.util.Objects.requireNonNull(voice);
    }
}

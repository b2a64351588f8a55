package cn.hotline.call.prompt;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A prompt in a tenant's library.
 *
 * @param source {@code UPLOAD} or {@code TTS}
 * @param text what the prompt says, when known (always for TTS)
 * @param format how it is stored: 8 kHz mono WAV in this encoding
 * @param durationMillis its length
 * @param sizeBytes the stored file's size
 */
public record PromptInfo(
        String name,
        String source,
        @Nullable String text,
        AudioFormat format,
        long durationMillis,
        long sizeBytes,
        Instant createdAt) {}

package cn.hotline.call.prompt;

import java.util.regex.Pattern;

/**
 * A prompt's name in its tenant's library ({@code welcome}, {@code menu.topics}); names starting with {@code sys.} are
 * the platform's {@link SystemPrompt}s and cannot be uploaded.
 */
public record PromptName(String value) {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

    public PromptName {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "prompt name '" + value + "' is invalid: 1-64 of a-z 0-9 _ . - starting with a letter or digit");
        }
    }

    public static PromptName of(String value) {
        return new PromptName(value);
    }

    /** Whether this names a platform system prompt rather than a tenant's. */
    public boolean isSystem() {
        return value.startsWith(SystemPrompt.PREFIX);
    }

    @Override
    public String toString() {
        return value;
    }
}

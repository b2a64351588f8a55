package cn.hotline.kernel.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/** The shared secret of {@code /internal/**} calls between services, compared in constant time. */
public final class InternalToken {

    /** The header that carries it. */
    public static final String HEADER = "X-Internal-Token";

    private final byte[] expected;

    public InternalToken(String token) {
        if (token.length() < 16) {
            throw new IllegalArgumentException("the internal token needs at least 16 characters");
        }
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code presented} is the token; the time taken does not depend on where they differ. */
    public boolean matches(@Nullable String presented) {
        return presented != null && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
    }
}

package cn.hotline.kernel.id;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Time-ordered UUIDs (version 7, RFC 9562) for identifiers and correlation ids. They come from
 * {@link ThreadLocalRandom}, never from {@code SecureRandom}: {@link UUID#randomUUID()} may read
 * {@code /dev/urandom} and block an event-loop thread, and these ids need to be unique, not secret.
 * Tokens and secrets must use {@code SecureRandom} off the event loop instead.
 */
public final class Uuids {

    private Uuids() {}

    public static UUID v7() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}

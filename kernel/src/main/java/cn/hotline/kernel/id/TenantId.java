package cn.hotline.kernel.id;

import java.util.regex.Pattern;

/**
 * A hotline office on the platform, as a short lowercase slug: {@code shushan}, {@code xuzhou-yb},
 * {@code nanning}. The slug is also the Pulsar tenant, the storage bucket prefix and the Redis key
 * prefix, so it is kept to characters all of them accept.
 */
public record TenantId(String value) {

    private static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9-]{1,30}[a-z0-9]");

    public TenantId {
        Ids.require("tenant id", value, SLUG, "3-32 characters a-z, 0-9 and '-', starting with a letter");
    }

    public static TenantId of(String value) {
        return new TenantId(value);
    }

    /** The Redis key prefix of this tenant, {@code t:{tenant}:}. */
    public String redisPrefix() {
        return "t:" + value + ":";
    }

    @Override
    public String toString() {
        return value;
    }
}

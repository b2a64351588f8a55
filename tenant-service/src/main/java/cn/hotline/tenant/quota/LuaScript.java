package cn.hotline.tenant.quota;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * A Lua script whose SHA-1 is computed once, up front: Spring's {@code DefaultRedisScript} computes it lazily under a
 * lock, which parks event-loop threads when many quota calls run at once.
 */
@SuppressWarnings("rawtypes")
record LuaScript(String text, String sha1) implements RedisScript<List> {

    static LuaScript of(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return new LuaScript(text, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String getSha1() {
        return sha1;
    }

    @Override
    public Class<List> getResultType() {
        return List.class;
    }

    @Override
    public String getScriptAsString() {
        return text;
    }
}

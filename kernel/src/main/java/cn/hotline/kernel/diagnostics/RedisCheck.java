package cn.hotline.kernel.diagnostics;

import cn.hotline.kernel.id.Uuids;
import java.time.Duration;
import java.util.Map;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/** Writes a short-lived key to Redis and reads it back. */
final class RedisCheck implements DiagnosticCheck {

    private final ReactiveStringRedisTemplate redis;

    RedisCheck(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Mono<DiagnosticResult> run() {
        String key = "platform:diagnostics:" + Uuids.v7();
        String value = Uuids.v7().toString();
        return redis.opsForValue()
                .set(key, value, Duration.ofSeconds(30))
                .then(redis.opsForValue().get(key))
                .map(read -> value.equals(read)
                        ? DiagnosticResult.up(name(), "set and get answered", Map.of("key", key))
                        : DiagnosticResult.down(name(), "read back a different value"))
                .defaultIfEmpty(DiagnosticResult.down(name(), "key vanished"))
                .flatMap(result -> redis.delete(key).thenReturn(result));
    }
}

package cn.hotline.call.acd;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where each call-cloud instance can be reached, so a command for a tenant whose writer runs elsewhere can be sent
 * there. Every instance writes {@code cc:call:instance:{id}} = its base URL with an expiry and refreshes it while it
 * runs; a crashed instance's entry expires with (a little after) its leases.
 */
final class AcdInstances {

    private static final Logger log = LoggerFactory.getLogger(AcdInstances.class);

    private final ReactiveStringRedisTemplate redis;
    private final String instanceId;
    private final Duration ttl;
    private final AtomicReference<@Nullable Disposable> advertising = new AtomicReference<>();

    AcdInstances(ReactiveStringRedisTemplate redis, String instanceId, Duration leaseTtl) {
        this.redis = redis;
        this.instanceId = instanceId;
        this.ttl = leaseTtl.multipliedBy(3);
    }

    String self() {
        return instanceId;
    }

    /** Starts publishing this instance's address (called once the web server listens). */
    void advertise(String baseUrl) {
        Disposable loop = Flux.interval(Duration.ZERO, ttl.dividedBy(3))
                .onBackpressureDrop()
                .concatMap(i -> redis.opsForValue()
                        .set(key(instanceId), baseUrl, ttl)
                        .onErrorResume(failure -> {
                            log.warn(
                                    "Could not advertise instance {} at {}: {}",
                                    instanceId,
                                    baseUrl,
                                    failure.toString());
                            return Mono.empty();
                        }))
                .subscribe();
        Disposable previous = advertising.getAndSet(loop);
        if (previous != null) {
            previous.dispose();
        }
        log.info("call-cloud instance {} reachable at {}", instanceId, baseUrl);
    }

    /** Stops refreshing this instance's entry (it expires). */
    void stopAdvertising() {
        Disposable loop = advertising.getAndSet(null);
        if (loop != null) {
            loop.dispose();
        }
    }

    /** The base URL of instance {@code id}; empty when it is not (or no longer) advertised. */
    Mono<String> address(String id) {
        return redis.opsForValue().get(key(id));
    }

    static String key(String id) {
        return "cc:call:instance:" + id;
    }
}

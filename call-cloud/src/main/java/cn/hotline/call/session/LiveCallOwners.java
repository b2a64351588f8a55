package cn.hotline.call.session;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.kernel.id.CallId;
import java.util.Optional;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * Which call-cloud instance a live call belongs to: the one whose SIP edge took it. {@link CallSessions} writes
 * {@code cc:call:live:{callId}} = the instance's id ({@link AcdManagement#instanceId()}) when the call opens, with
 * the calls' expiry, renews it while the call lives and deletes it when the call ends; an owner that crashed stops
 * renewing and its key expires. Call ids are random UUIDs, so the key needs no tenant: whoever asks still acts in its
 * own tenant on the owner, which checks the call's tenant.
 */
public final class LiveCallOwners {

    private final ReactiveStringRedisTemplate redis;
    private final String self;

    public LiveCallOwners(ReactiveStringRedisTemplate redis, AcdManagement acd) {
        this.redis = redis;
        this.self = acd.instanceId();
    }

    /** This instance's id, the value of the owner keys of its calls. */
    public String self() {
        return self;
    }

    /** The owning instance's id; empty when no instance owns {@code call} (unknown, ended, or its owner died). */
    public Mono<Optional<String>> owner(CallId call) {
        return redis.opsForValue().get(key(call)).map(Optional::of).defaultIfEmpty(Optional.empty());
    }

    /** The owner key of {@code call}. */
    public static String key(CallId call) {
        return "cc:call:live:" + call.value();
    }
}

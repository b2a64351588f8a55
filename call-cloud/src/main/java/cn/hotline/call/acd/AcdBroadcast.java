package cn.hotline.call.acd;

import cn.hotline.kernel.id.TenantId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import reactor.core.publisher.Flux;

/**
 * Carries each tenant's {@link AcdNotice}s from the instance running its writer to every instance with one of its
 * agents' sockets, over Redis pub/sub on {@code t:{tenant}:acd:notices}. One Redis subscription per tenant and
 * instance, shared by all of that tenant's sockets there and dropped with the last one.
 *
 * <p>Pub/sub is fire-and-forget: an instance that is not subscribed when a notice goes out misses it. That is safe
 * because every notice is also state the writer holds: a socket asks for the agent's state when it (re)connects, and
 * an offer that reaches no socket rings out and is offered again.
 */
final class AcdBroadcast {

    private static final Logger log = LoggerFactory.getLogger(AcdBroadcast.class);

    private final ReactiveStringRedisTemplate redis;
    private final ReactiveRedisMessageListenerContainer listener;
    private final AcdWire wire;
    private final Map<TenantId, Flux<AcdNotice>> subscriptions = new ConcurrentHashMap<>();

    AcdBroadcast(ReactiveStringRedisTemplate redis, ReactiveRedisMessageListenerContainer listener, AcdWire wire) {
        this.redis = redis;
        this.listener = listener;
        this.wire = wire;
    }

    /** Sends one persisted batch's notices; called by the writer in batch order, so Redis keeps them in order. */
    void publish(TenantId tenant, List<AcdNotice> notices) {
        if (notices.isEmpty()) {
            return;
        }
        redis.convertAndSend(channel(tenant), wire.write(new AcdWire.Batch(notices)))
                .subscribe(
                        receivers -> {},
                        failure -> log.warn(
                                "ACD notices of tenant {} not broadcast ({} lost; sockets catch up on their next"
                                        + " command or ring timeout): {}",
                                tenant,
                                notices.size(),
                                failure.toString()));
    }

    /** The tenant's notices from now on, from whichever instance runs its writer. */
    Flux<AcdNotice> notices(TenantId tenant) {
        return subscriptions.computeIfAbsent(tenant, this::subscribe);
    }

    private Flux<AcdNotice> subscribe(TenantId tenant) {
        return listener.receive(ChannelTopic.of(channel(tenant)))
                .concatMapIterable(message -> {
                    try {
                        return wire.batch(message.getMessage()).notices();
                    } catch (RuntimeException e) {
                        log.warn("Unreadable ACD notice on {} skipped: {}", channel(tenant), e.toString());
                        return List.of();
                    }
                })
                .share();
    }

    static String channel(TenantId tenant) {
        return tenant.redisPrefix() + "acd:notices";
    }
}

package cn.hotline.call.agent;

import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.kernel.id.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Carries what a live call's owner pushes to an agent ({@code callEnded}, {@code mediaLost}, and any later push made
 * from a {@code session.CallNotice}) to the instance that holds the agent's socket, over Redis pub/sub on {@code
 * t:{tenant}:agent-pushes}: {@code {from, agent, frame}} with the socket frame as it is. The owner publishes every
 * push; each instance delivers to its sockets of that agent only the pushes published by <em>other</em> instances
 * (its own reach its sockets locally), so a socket gets each push exactly once, wherever the call and the socket are.
 * One Redis subscription per tenant and instance, shared by the tenant's sockets there.
 *
 * <p>Fire-and-forget like {@code AcdBroadcast}: a socket not subscribed at that moment misses the push and learns the
 * outcome from its state ({@code getState}, the ACD's after-call-work push). A failed publish is logged and counted
 * ({@code call.agent.pushes.lost}), fail open: the call's own handling goes on.
 */
final class AgentPushes {

    private static final Logger log = LoggerFactory.getLogger(AgentPushes.class);

    private final ReactiveStringRedisTemplate redis;
    private final ReactiveRedisMessageListenerContainer listener;
    private final JsonMapper json;
    private final String self;
    private final Counter lost;
    private final Map<TenantId, Flux<Push>> subscriptions = new ConcurrentHashMap<>();

    /** One push as it travels: the publishing instance, the agent, the socket frame. */
    record Push(String from, AgentId agent, String frame) {}

    AgentPushes(
            ReactiveStringRedisTemplate redis,
            ReactiveRedisMessageListenerContainer listener,
            JsonMapper json,
            String self,
            MeterRegistry meters) {
        this.redis = redis;
        this.listener = listener;
        this.json = json;
        this.self = self;
        this.lost = Counter.builder("call.agent.pushes.lost")
                .description("Pushes for agents not published to the other call-cloud instances")
                .register(meters);
    }

    /** Publishes {@code frame} for {@code agent}; completes when Redis took it or the failure is logged (never fails). */
    Mono<Void> publish(TenantId tenant, AgentId agent, String frame) {
        Map<String, Object> push = new LinkedHashMap<>();
        push.put("from", self);
        push.put("agent", agent.value());
        push.put("frame", frame);
        return redis.convertAndSend(channel(tenant), json.writeValueAsString(push))
                .onErrorResume(failure -> {
                    lost.increment();
                    log.warn(
                            "Push for agent {} of tenant {} not published (a socket on another instance misses it): {}",
                            agent,
                            tenant,
                            failure.toString());
                    return Mono.empty();
                })
                .then();
    }

    /** Frames other instances pushed for {@code agent} from now on. */
    Flux<String> fromOthers(TenantId tenant, AgentId agent) {
        return subscriptions
                .computeIfAbsent(tenant, this::subscribe)
                .filter(push -> !push.from().equals(self) && push.agent().equals(agent))
                .map(Push::frame);
    }

    private Flux<Push> subscribe(TenantId tenant) {
        return listener.receive(ChannelTopic.of(channel(tenant)))
                .concatMap(message -> {
                    try {
                        JsonNode node = json.readTree(message.getMessage());
                        return Mono.just(new Push(
                                node.get("from").stringValue(),
                                AgentId.of(node.get("agent").stringValue()),
                                node.get("frame").stringValue()));
                    } catch (RuntimeException e) {
                        log.warn("Unreadable agent push on {} skipped: {}", channel(tenant), e.toString());
                        return Mono.empty();
                    }
                })
                .share();
    }

    static String channel(TenantId tenant) {
        return tenant.redisPrefix() + "agent-pushes";
    }
}

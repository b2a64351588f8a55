package cn.hotline.call.agent;

import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.session.LiveCallOwners;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place that decides where a call-scoped socket command runs: every command frame that names a {@code callId}
 * (answer, hangUp, hold, retrieve, dtmf, transfer, consult, completeTransfer, cancelConsult, conference, rejoin and
 * any later one) runs on the instance that owns the call ({@link LiveCallOwners}); here when this instance owns it or
 * no instance does (calls without a SIP side, unknown calls: the local code answers as before), otherwise on the
 * owner through {@link RemoteAgentCommands}, whose reply frames are relayed as they are. A consultation's id has no
 * owner key of its own: it runs where the consulted call ({@code consultOf} of the offer) lives. Commands that came
 * from another instance are never routed again ({@link AgentSocket#forwarded}).
 */
final class CallCommandRouting {

    private static final Logger log = LoggerFactory.getLogger(CallCommandRouting.class);

    private final LiveCallOwners owners;
    private final RemoteAgentCommands remote;
    private final JsonMapper json;

    CallCommandRouting(LiveCallOwners owners, RemoteAgentCommands remote, JsonMapper json) {
        this.owners = owners;
        this.remote = remote;
        this.json = json;
    }

    /** The call a command frame is about ({@code callId}), null when it names none or not a valid one. */
    @Nullable
    CallId callOf(String frame) {
        return callOf(json, frame);
    }

    static @Nullable CallId callOf(JsonMapper json, String frame) {
        try {
            JsonNode message = json.readTree(frame);
            JsonNode call = message == null || !message.isObject() ? null : message.get("callId");
            return call == null || !call.isString() ? null : CallId.parse(call.stringValue());
        } catch (JacksonException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Runs {@code frame} (for {@code call}; {@code consultOf} when {@code call} is a consultation offered to this
     * agent) where the call lives: {@code local} here, or on the owner, telling {@code forwardedTo} its id first.
     */
    Flux<String> route(
            TenantId tenant,
            AgentId agent,
            String origin,
            String frame,
            CallId call,
            @Nullable CallId consultOf,
            Supplier<Flux<String>> local,
            Consumer<String> forwardedTo) {
        return owner(call, consultOf).flatMapMany(owner -> {
            if (owner.isEmpty() || owner.get().equals(owners.self())) {
                return local.get();
            }
            String instance = owner.get();
            forwardedTo.accept(instance);
            return remote.send(instance, call, ForwardedCommand.command(tenant, agent, origin, frame))
                    .flatMapIterable(replies -> replies);
        });
    }

    /** Whether some instance still owns {@code call} (its owner key exists). */
    Mono<Boolean> owned(CallId call) {
        return owners.owner(call).map(Optional::isPresent);
    }

    /** Tells instance {@code owner} that socket {@code origin} closed; failures are logged, never raised. */
    Mono<Void> socketClosed(String owner, TenantId tenant, AgentId agent, String origin, CallId anyCall) {
        return remote.send(owner, anyCall, ForwardedCommand.socketClosed(tenant, agent, origin))
                .then()
                .onErrorResume(failure -> {
                    log.warn(
                            "Instance {} not told that agent {}'s socket closed (its rejoin grace does not start): {}",
                            owner,
                            agent,
                            failure.getMessage());
                    return Mono.empty();
                });
    }

    /**
     * The call's owner, else the consulted call's. Fail open: when Redis cannot be read the command runs here (the
     * local code refuses a call it does not have), logged.
     */
    private Mono<Optional<String>> owner(CallId call, @Nullable CallId consultOf) {
        Mono<Optional<String>> direct = owners.owner(call);
        Mono<Optional<String>> found = consultOf == null
                ? direct
                : direct.flatMap(owner -> owner.isPresent() ? Mono.just(owner) : owners.owner(consultOf));
        return found.onErrorResume(failure -> {
            log.warn(
                    "Owner of call {} unknown (Redis: {}); the command runs on this instance",
                    call,
                    failure.toString());
            return Mono.just(Optional.empty());
        });
    }
}

package cn.hotline.call.session;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentState;
import cn.hotline.call.callback.CallbackTasks;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * An agent's browser dropping mid-call does not end the call (issue 5): when the socket that carries the call's
 * audio closes, the caller hears music on hold, the recording goes on and the agent keeps its ACD state ({@code
 * TALKING} or {@code ON_HOLD}, flagged to supervisors through {@link #changes()}). A new socket of the same agent
 * sends {@code rejoin {callId, sdp}} (or {@code answer} again) with a fresh WebRTC offer and gets a new leg bridged
 * back. After {@link RejoinProperties#grace()} (60 s) without a rejoin the call ends with {@code by: system, reason:
 * AGENT_LOST} and the caller is owed a callback ({@code AGENT_LOST}).
 *
 * <p>Only the socket the call's current leg was attached through counts: an old socket whose close is noticed after
 * the agent already rejoined from a new one changes nothing. The state is this instance's (the call lives here).
 */
public final class AgentRejoin {

    private static final Logger log = LoggerFactory.getLogger(AgentRejoin.class);

    private record Attachment(TenantId tenant, AgentId agent, String socket) {}

    private record Away(AgentAbsence absence, Disposable timer) {}

    private final CallSessions calls;
    private final AcdManagement acd;
    private final Duration grace;
    private final Clock clock;
    private final Map<CallId, Attachment> attachments = new ConcurrentHashMap<>();
    private final Map<CallId, Away> away = new ConcurrentHashMap<>();
    private final Sinks.Many<AgentAbsence> changes = Sinks.many().multicast().directBestEffort();

    public AgentRejoin(CallSessions calls, AcdManagement acd, RejoinProperties properties, Clock clock) {
        this.calls = calls;
        this.acd = acd;
        this.grace = properties.grace();
        this.clock = clock;
    }

    /** The call's agent leg now runs through {@code socket} (after {@code answered} or {@code rejoined}). */
    public void attached(TenantId tenant, AgentId agent, CallId call, String socket) {
        attachments.put(call, new Attachment(tenant, agent, socket));
    }

    /**
     * {@code socket} of the agent closed: each call whose leg ran through it is held (music for the caller) and
     * waits {@link RejoinProperties#grace()} for the agent. Never fails (a call that cannot be held is logged).
     */
    public Mono<Void> socketClosed(TenantId tenant, AgentId agent, String socket) {
        List<CallId> dropped = attachments.entrySet().stream()
                .filter(entry -> entry.getValue().equals(new Attachment(tenant, agent, socket)))
                .map(Map.Entry::getKey)
                .toList();
        return Flux.fromIterable(dropped)
                .concatMap(call -> {
                    attachments.remove(call, new Attachment(tenant, agent, socket));
                    if (calls.live(call).isEmpty()) {
                        return Mono.empty();
                    }
                    return dropped(tenant, agent, call);
                })
                .then();
    }

    private Mono<Void> dropped(TenantId tenant, AgentId agent, CallId call) {
        return acd.agent(tenant, agent)
                .flatMap(snapshot -> switch (snapshot.state()) {
                    // talking: the caller gets music; on hold: it has music already
                    case AgentState.Talking talking
                    when talking.call().equals(call) ->
                        calls.holdForAbsentAgent(tenant, agent, call).thenReturn(true);
                    case AgentState.OnHold held when held.call().equals(call) -> Mono.just(true);
                    default -> Mono.just(false);
                })
                .filter(Boolean::booleanValue)
                .doOnNext(ignored -> {
                    Instant since = clock.instant();
                    AgentAbsence absence = new AgentAbsence(tenant, agent, call, since, since.plus(grace), null);
                    Disposable timer = Mono.delay(grace)
                            .then(Mono.defer(() -> lost(absence)))
                            .subscribe(
                                    null,
                                    error -> log.warn(
                                            "Ending call {} of an absent agent failed: {}", call, error.toString()));
                    Away previous = away.put(call, new Away(absence, timer));
                    if (previous != null) {
                        previous.timer().dispose();
                    }
                    log.info(
                            "Agent {} of {} dropped from call {}; waiting {} for a rejoin", agent, tenant, call, grace);
                    changes.tryEmitNext(absence);
                })
                .then()
                .onErrorResume(error -> {
                    log.warn("Could not hold call {} after agent {} dropped: {}", call, agent, error.toString());
                    return Mono.empty();
                });
    }

    private Mono<Void> lost(AgentAbsence absence) {
        Away current = away.get(absence.call());
        if (current == null || !current.absence().equals(absence) || !away.remove(absence.call(), current)) {
            return Mono.empty(); // rejoined meanwhile
        }
        if (calls.live(absence.call()).isEmpty()) {
            return Mono.empty(); // the caller hung up meanwhile
        }
        log.info("Agent {} did not rejoin call {} within {}: AGENT_LOST", absence.agent(), absence.call(), grace);
        changes.tryEmitNext(new AgentAbsence(
                absence.tenant(),
                absence.agent(),
                absence.call(),
                absence.since(),
                absence.deadline(),
                clock.instant()));
        return calls.endForAbsentAgent(
                        absence.tenant(), absence.agent(), absence.call(), CallbackTasks.Reason.AGENT_LOST)
                .then();
    }

    /**
     * {@code rejoin {callId, sdp}}: the agent's new browser session takes the call back with a fresh WebRTC offer.
     * Emits the media server's SDP answer. A call that is not connected to this agent here: {@code
     * ILLEGAL_TRANSITION}; one that does not live on this instance: {@code NOT_FOUND}.
     */
    public Mono<String> rejoin(TenantId tenant, AgentId agent, CallId call, String browserOffer, String socket) {
        return Mono.defer(() -> {
            if (calls.live(call).filter(live -> live.tenant().equals(tenant)).isEmpty()) {
                return Mono.error(
                        new ProblemException(ProblemCode.NOT_FOUND, "Call " + call + " is not live on this instance."));
            }
            return acd.agent(tenant, agent).flatMap(snapshot -> {
                boolean held =
                        switch (snapshot.state()) {
                            case AgentState.OnHold onHold when onHold.call().equals(call) -> true;
                            case AgentState.Talking talking when talking.call().equals(call) -> false;
                            default ->
                                throw new ProblemException(
                                        ProblemCode.ILLEGAL_TRANSITION,
                                        "Call " + call + " is not connected to agent " + agent + " ("
                                                + snapshot.state().code() + ").");
                        };
                Away wasAway = away.remove(call);
                if (wasAway != null) {
                    wasAway.timer().dispose();
                }
                // talking: bridged at once, and the caller's music (if the drop put it there) stops; held: the new
                // leg waits silent for the agent's retrieve, the caller keeps its music
                return calls.reattachAgent(tenant, agent, call, browserOffer, !held, !held && wasAway != null)
                        .doOnNext(sdp -> {
                            attached(tenant, agent, call, socket);
                            if (wasAway != null) {
                                AgentAbsence absence = wasAway.absence();
                                changes.tryEmitNext(new AgentAbsence(
                                        tenant, agent, call, absence.since(), absence.deadline(), clock.instant()));
                                log.info("Agent {} rejoined call {}", agent, call);
                            }
                        })
                        .onErrorResume(error -> {
                            if (wasAway != null && !away.containsKey(call)) {
                                // the old timer was disposed: keep the deadline with a new one
                                Duration left = Duration.between(
                                        clock.instant(), wasAway.absence().deadline());
                                Disposable timer = Mono.delay(left.isNegative() ? Duration.ZERO : left)
                                        .then(Mono.defer(() -> lost(wasAway.absence())))
                                        .subscribe(
                                                null, e -> log.warn("Ending call {} failed: {}", call, e.toString()));
                                away.put(call, new Away(wasAway.absence(), timer));
                            }
                            return Mono.error(error);
                        });
            });
        });
    }

    /** The agents currently away from a call of {@code tenant} on this instance. */
    public List<AgentAbsence> absent(TenantId tenant) {
        return away.values().stream()
                .map(Away::absence)
                .filter(absence -> absence.tenant().equals(tenant))
                .toList();
    }

    /** Every absence starting and ending (rejoined or lost), for supervisors' views. */
    public Flux<AgentAbsence> changes() {
        return changes.asFlux();
    }

    /** Stops the waiting timers (the calls end with the instance). */
    public void stop() {
        away.values().forEach(entry -> entry.timer().dispose());
        away.clear();
    }
}

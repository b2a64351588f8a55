package cn.hotline.call.session;

import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.media.port.LegId;
import cn.hotline.media.port.MediaServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Talking during a consultation and three-way calls, on the media server's conference ({@link
 * MediaServer#conference}, {@link MediaServer#leaveConference}; ADR 0005): the consulted agent's browser leg is a
 * further party of the caller's media call, mixed with the consulting agent while the caller holds with music;
 * {@code conference} joins the caller; the consulting agent leaving hands the caller to the consulted agent, the
 * consulted agent leaving gives the caller back to the consulting agent. The ACD side (states, decisions) is the
 * caller's ({@link Transfers}); this class changes only the media and tells both agents who hears whom ({@link
 * CallNotice.Parties}). Per instance, like the live call it belongs to.
 */
final class ConsultTalk {

    /** A consultation whose consulted agent answered with audio. */
    static final class Talk {
        final TenantId tenant;
        final CallId call;
        final CallId consult;
        final AgentId from;
        final LegId fromLeg;
        final AgentId consulted;
        final LegId consultedLeg;
        volatile boolean conferenced;

        Talk(TenantId tenant, CallId call, CallId consult, AgentId from, LegId fromLeg, AgentId consulted, LegId leg) {
            this.tenant = tenant;
            this.call = call;
            this.consult = consult;
            this.from = from;
            this.fromLeg = fromLeg;
            this.consulted = consulted;
            this.consultedLeg = leg;
        }
    }

    /** The trunk leg and the connected agent's leg of a call connected here with audio. */
    record Legs(LegId trunk, AgentId agent, LegId agentLeg) {}

    private final CallSessions calls;
    private final Map<CallId, Talk> byCall = new ConcurrentHashMap<>();
    /** Calls whose media is mixed in a conference (until they end): hold / retrieve go through the conference. */
    private final Set<CallId> mixed = ConcurrentHashMap.newKeySet();

    ConsultTalk(CallSessions calls) {
        this.calls = calls;
    }

    /** The consultation with audio about {@code call}, if there is one here. */
    Optional<Talk> of(TenantId tenant, CallId call) {
        return Optional.ofNullable(byCall.get(call)).filter(talk -> talk.tenant.equals(tenant));
    }

    /** The consultation with audio running as {@code consult}, if there is one here. */
    Optional<Talk> byConsult(TenantId tenant, CallId consult) {
        return byCall.values().stream()
                .filter(talk -> talk.tenant.equals(tenant) && talk.consult.equals(consult))
                .findFirst();
    }

    boolean mixed(CallId call) {
        return mixed.contains(call);
    }

    /**
     * The consulted agent answered (the ACD already connected it to the consultation): its browser leg joins the
     * caller's media call as a further party, mixed with the consulting agent; the caller keeps its music. Emits the
     * SDP answer for the consulted agent's browser.
     */
    Mono<String> answered(TenantId tenant, AgentId consulted, CallId call, CallId consult, String browserOffer) {
        return Mono.defer(() -> {
            Legs legs = calls.connectedLegs(tenant, call)
                    .orElseThrow(() -> new ProblemException(
                            ProblemCode.NOT_FOUND, "Call " + call + " is not connected on this instance."));
            MediaServer server = calls.mediaServer();
            return server.attachParticipant(tenant, call, consulted.value(), browserOffer)
                    .flatMap(leg -> server.conference(call, List.of(legs.agentLeg(), leg.leg()))
                            .then(Mono.fromSupplier(() -> {
                                Talk talk = new Talk(
                                        tenant, call, consult, legs.agent(), legs.agentLeg(), consulted, leg.leg());
                                byCall.put(call, talk);
                                mixed.add(call);
                                tellParties(talk);
                                return leg.sdpAnswer();
                            })))
                    .onErrorMap(MediaProblems::toProblem);
        });
    }

    /**
     * Refuses a {@code conference} that cannot be made: no consultation with audio by {@code agent} about
     * {@code call} here (not answered yet, or another agent's), or one already conferenced. Changes nothing.
     */
    Talk conferenceable(TenantId tenant, AgentId agent, CallId call) {
        Talk talk = of(tenant, call)
                .filter(found -> found.from.equals(agent))
                .orElseThrow(() -> new ProblemException(
                        ProblemCode.CONFLICT,
                        "Call " + call + " has no answered consultation by agent " + agent
                                + " on this instance: consult an agent and wait for its answer first."));
        if (talk.conferenced) {
            throw new ProblemException(ProblemCode.CONFLICT, "Call " + call + " is already a three-way call.");
        }
        return talk;
    }

    /** The caller joins the two agents (its music stops): all three hear each other. */
    Mono<Void> conference(Talk talk) {
        return Mono.defer(() -> {
                    Legs legs = calls.connectedLegs(talk.tenant, talk.call)
                            .orElseThrow(() -> new ProblemException(
                                    ProblemCode.NOT_FOUND,
                                    "Call " + talk.call + " is not connected on this instance."));
                    return calls.mediaServer().conference(talk.call, List.of(legs.trunk(), talk.fromLeg));
                })
                .doOnSuccess(ignored -> {
                    talk.conferenced = true;
                    tellParties(talk);
                })
                .onErrorMap(MediaProblems::toProblem);
    }

    /** Whether {@code agent} is the consulting agent of a three-way call about {@code call} here. */
    boolean conferencedBy(TenantId tenant, AgentId agent, CallId call) {
        return of(tenant, call)
                .filter(talk -> talk.conferenced && talk.from.equals(agent))
                .isPresent();
    }

    /**
     * The consultation was completed (the ACD already gave the caller to the consulted agent): the consulting agent
     * leaves the conference, the caller (off hold) and the consulted agent go on; the consulted agent's leg is the
     * call's agent leg from now on. Emits false when the call had no consultation with audio here.
     */
    Mono<Boolean> completed(TenantId tenant, CallId call) {
        return Mono.defer(() -> {
            Talk talk = of(tenant, call).orElse(null);
            if (talk == null) {
                return Mono.just(false);
            }
            byCall.remove(call, talk);
            MediaServer server = calls.mediaServer();
            Legs legs = calls.connectedLegs(tenant, call).orElse(null);
            if (legs == null) {
                return Mono.just(true);
            }
            // the caller joins first (a no-op after a three-way call), then the consulting agent leaves: kicking it
            // first left the consulted agent alone in the room, and the caller who joined then was not heard
            return server.conference(call, List.of(legs.trunk(), talk.consultedLeg))
                    .then(server.leaveConference(call, talk.fromLeg))
                    .then(Mono.fromRunnable(() -> {
                        calls.handOver(tenant, call, talk.consulted, talk.consultedLeg);
                        tell(
                                talk,
                                talk.consulted,
                                List.of(party("caller", null, false), party("agent", talk.consulted, false)));
                    }))
                    .thenReturn(true)
                    .onErrorMap(MediaProblems::toProblem);
        });
    }

    /**
     * The consulted agent leaves — {@code cancelled} by the consulting agent, or it hung up the consultation: its leg
     * leaves the conference and is released. Cancelled, or after a three-way call, the caller and the consulting agent
     * hear each other at once; after a plain consultation the consulted agent hung up, the caller holds until the
     * consulting agent retrieves it. A cancelled consulted agent is told the consultation ended ({@code callEnded} on
     * the consultation). Emits false when the call had no consultation with audio here.
     */
    Mono<Boolean> consultedLeft(TenantId tenant, CallId call, boolean cancelled) {
        return Mono.defer(() -> {
            Talk talk = of(tenant, call).orElse(null);
            if (talk == null) {
                return Mono.just(false);
            }
            byCall.remove(call, talk);
            MediaServer server = calls.mediaServer();
            Legs legs = calls.connectedLegs(tenant, call).orElse(null);
            boolean callerBack = cancelled || talk.conferenced;
            Mono<Void> caller = legs != null && callerBack
                    ? server.conference(call, List.of(legs.trunk(), talk.fromLeg))
                    : Mono.empty();
            return server.leaveConference(call, talk.consultedLeg)
                    .then(caller)
                    .then(Mono.fromRunnable(() -> {
                        if (cancelled) {
                            calls.tell(new CallNotice.CallEnded(
                                    tenant,
                                    talk.consult,
                                    talk.consulted,
                                    CallNotice.EndedBy.AGENT,
                                    "consultation cancelled"));
                        }
                        tell(
                                talk,
                                talk.from,
                                List.of(party("caller", null, !callerBack), party("agent", talk.from, false)));
                    }))
                    .thenReturn(true)
                    .onErrorMap(MediaProblems::toProblem);
        });
    }

    /** The caller of a mixed call is retrieved by its agent: it joins the conference (its music stops). */
    Mono<Void> retrieve(CallId call, LegId trunk, LegId agentLeg) {
        return calls.mediaServer().conference(call, List.of(trunk, agentLeg)).onErrorMap(MediaProblems::toProblem);
    }

    /** The call is over: the consulted agent of a running consultation with audio is told so. */
    void ended(TenantId tenant, CallId call, CallNotice.EndedBy by, String reason) {
        mixed.remove(call);
        Talk talk = byCall.remove(call);
        if (talk != null && talk.tenant.equals(tenant)) {
            calls.tell(new CallNotice.CallEnded(tenant, talk.consult, talk.consulted, by, reason));
        }
    }

    /** Both agents: who hears whom now. */
    private void tellParties(Talk talk) {
        List<CallNotice.Party> parties = new ArrayList<>();
        parties.add(party("caller", null, !talk.conferenced));
        parties.add(party("agent", talk.from, false));
        parties.add(party("consulted", talk.consulted, false));
        tell(talk, talk.from, parties);
        tell(talk, talk.consulted, parties);
    }

    private void tell(Talk talk, AgentId to, List<CallNotice.Party> parties) {
        calls.tell(new CallNotice.Parties(talk.tenant, talk.call, to, talk.consult, List.copyOf(parties)));
    }

    private static CallNotice.Party party(String role, @Nullable AgentId agent, boolean onHold) {
        return new CallNotice.Party(role, agent == null ? null : agent.value(), onHold);
    }
}

package cn.hotline.call.session;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentState;
import cn.hotline.call.acd.domain.TransferTarget;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * An agent's call control beyond hold: blind transfer to an agent or a skill group, consultation with complete or
 * cancel, and key presses sent to the caller. Each runs on the tenant's ACD first (which refuses what the agent's state
 * does not allow, records the decision — so the call record and the call-event topic show it — and makes the offers),
 * then on the live call's media when the call lives on this instance with audio.
 */
public final class Transfers {

    /** A consultation running on this instance: the caller's call, the consulting agent. */
    public record Consultation(TenantId tenant, CallId call, AgentId from, CallId consult) {}

    private final CallSessions calls;
    private final AcdManagement acd;
    private final Map<CallId, Consultation> consultations = new ConcurrentHashMap<>();

    Transfers(CallSessions calls, AcdManagement acd) {
        this.calls = calls;
        this.acd = acd;
    }

    /**
     * Blind transfer: the ACD moves the call (ringing at the agent, or waiting in the group with its priority and
     * waited time) and wraps the agent up; the caller hears music until the next agent answers.
     */
    public Mono<Void> transfer(TenantId tenant, AgentId agent, CallId call, TransferTarget to) {
        return acd.transfer(tenant, agent, call, to).then(calls.transferredAway(tenant, agent, call));
    }

    /** The caller holds (music) while the agent consults {@code to}; emits the consultation's id. */
    public Mono<CallId> consult(TenantId tenant, AgentId agent, CallId call, TransferTarget to) {
        CallId consult = CallId.random();
        Consultation running = new Consultation(tenant, call, agent, consult);
        return Mono.fromRunnable(() -> consultations.put(consult, running))
                .then(acd.consult(tenant, agent, call, to, consult))
                .then(calls.holdForConsult(tenant, agent, call))
                .thenReturn(consult)
                .doOnError(error -> consultations.remove(consult));
    }

    /** The consulted agent takes the caller over; the consulting agent goes to after-call work. */
    public Mono<Void> completeTransfer(TenantId tenant, AgentId agent, CallId call) {
        return acd.completeTransfer(tenant, agent, call)
                .flatMap(target -> calls.consultCompleted(tenant, call, target.agent()))
                .doOnSuccess(ignored -> forget(call));
    }

    /** The consultation ends; the caller is the agent's again. */
    public Mono<Void> cancelConsult(TenantId tenant, AgentId agent, CallId call) {
        return acd.cancelConsult(tenant, agent, call)
                .then(calls.consultCancelled(tenant, call))
                .doOnSuccess(ignored -> forget(call));
    }

    /** The consultation {@code consult} of this instance, if it is one. */
    public Optional<Consultation> consultation(TenantId tenant, CallId consult) {
        return Optional.ofNullable(consultations.get(consult))
                .filter(found -> found.tenant().equals(tenant));
    }

    /**
     * The consulted agent answers the consultation with its browser's offer: the ACD first (only the agent it rings
     * at), then its leg joins the caller's media while the caller holds. Emits the SDP answer for the browser.
     */
    public Mono<String> answerConsult(TenantId tenant, AgentId agent, CallId consult, String browserOffer) {
        Consultation running = consultation(tenant, consult)
                .orElseThrow(
                        () -> new ProblemException(ProblemCode.NOT_FOUND, "No consultation " + consult + " here."));
        return acd.answer(tenant, agent, consult)
                .then(calls.consultTalk().answered(tenant, agent, running.call(), consult, browserOffer));
    }

    /**
     * Three-way call: the consulting agent joins its caller to the consulted agent, who answered with audio. Refused
     * ({@code CONFLICT}, nothing changed) without such a consultation here. The caller leaves hold and hears both
     * agents; the consulting agent talks again (ACD) and the decision {@code ConferenceStarted} is recorded (call
     * record {@code conferenced_at}, call event). Emits the consultation's id.
     */
    public Mono<CallId> conference(TenantId tenant, AgentId agent, CallId call) {
        return Mono.fromCallable(() -> calls.consultTalk().conferenceable(tenant, agent, call))
                .flatMap(talk -> calls.consultTalk()
                        .conference(talk)
                        .then(acd.retrieve(tenant, agent, call))
                        .then(acd.note(
                                tenant, call, agent, "ConferenceStarted", talk.consult + " " + talk.consulted.value()))
                        .thenReturn(talk.consult));
    }

    /** Whether {@code agent} hanging up {@code call} means leaving a three-way call (= {@link #completeTransfer}). */
    public boolean leavesConference(TenantId tenant, AgentId agent, CallId call) {
        return calls.consultTalk().conferencedBy(tenant, agent, call);
    }

    /** Whether {@code consult} is a consultation with audio here (its agent hanging up leaves the conference). */
    public boolean talkingConsultation(TenantId tenant, CallId consult) {
        return calls.consultTalk().byConsult(tenant, consult).isPresent();
    }

    /**
     * The consulted agent hung up the consultation {@code consult} (the ACD already ended it, {@code ENDED}): its leg
     * leaves; in a three-way call the caller and the consulting agent go on talking, after a plain consultation the
     * caller holds until retrieved.
     */
    public Mono<Void> consultedHungUp(TenantId tenant, CallId consult) {
        return Mono.justOrEmpty(calls.consultTalk().byConsult(tenant, consult))
                .flatMap(talk -> calls.consultTalk().consultedLeft(tenant, talk.call, false))
                .then()
                .doOnSuccess(ignored -> consultations.remove(consult));
    }

    /**
     * Key presses from the agent to the caller (RFC 4733 on the trunk leg), for an IVR or a voice mailbox at the
     * other end; only on the agent's own connected call. Recorded as {@code DtmfSent}.
     */
    public Mono<Void> dtmf(TenantId tenant, AgentId agent, CallId call, String digits) {
        return acd.agent(tenant, agent)
                .flatMap(snapshot -> switch (snapshot.state()) {
                    case AgentState.Talking talking when talking.call().equals(call) -> Mono.<Void>empty();
                    case AgentState.OnHold held when held.call().equals(call) -> Mono.<Void>empty();
                    default ->
                        Mono.<Void>error(new ProblemException(
                                ProblemCode.ILLEGAL_TRANSITION,
                                "Call " + call + " is not connected to agent " + agent + "."));
                })
                .then(calls.sendDigits(tenant, call, digits))
                .then(acd.note(tenant, call, agent, "DtmfSent", digits));
    }

    private void forget(CallId call) {
        consultations.values().removeIf(running -> running.call().equals(call));
    }
}

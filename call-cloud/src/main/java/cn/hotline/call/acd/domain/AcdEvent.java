package cn.hotline.call.acd.domain;

import cn.hotline.kernel.id.CallId;
import java.time.Instant;

/** What happened in a tenant's ACD, in order; the writer persists these and publishes them as call events. */
public sealed interface AcdEvent {

    Instant at();

    record AgentEnrolled(AgentId agent, java.util.List<AgentSkill> skills, Instant at) implements AcdEvent {}

    record AgentStateChanged(AgentId agent, String from, AgentState to, Instant at) implements AcdEvent {}

    /** A call came to the ACD for {@code group}; what happened to it follows (offered, queued or rejected). */
    record CallArrived(CallId call, SkillId group, int priority, Instant at) implements AcdEvent {}

    record CallQueued(CallId call, SkillId group, int priority, Instant at) implements AcdEvent {}

    record CallOverflowed(CallId call, SkillId to, Instant at) implements AcdEvent {}

    record CallOffered(CallId call, AgentId agent, Instant at) implements AcdEvent {}

    record CallRingTimedOut(CallId call, AgentId agent, Instant at) implements AcdEvent {}

    record CallAnswered(CallId call, AgentId agent, Instant at) implements AcdEvent {}

    record CallEnded(CallId call, AgentId agent, Instant at) implements AcdEvent {}

    record CallAbandoned(CallId call, Instant at) implements AcdEvent {}

    /**
     * The tenant's wait limit reached the waiting call: {@code reason} VOICEMAIL (it left the queue to take a message)
     * or CALLBACK (its caller hung up; the call keeps its place to be called back).
     */
    record CallLeftQueue(CallId call, String reason, Instant at) implements AcdEvent {}

    record CallRejected(CallId call, SkillId group, CallRouting.Reason reason, Instant at) implements AcdEvent {}

    /** Blind transfer: {@code agent} sent its connected call to {@code to} and left it (after-call work). */
    record CallTransferred(CallId call, AgentId agent, TransferTarget to, Instant at) implements AcdEvent {}

    /**
     * {@code agent} put its caller on hold to consult {@code to}; the consultation rings or waits as the ACD call
     * {@code consult}.
     */
    record ConsultStarted(CallId call, AgentId agent, TransferTarget to, CallId consult, Instant at)
            implements AcdEvent {}

    /**
     * The consultation of {@code agent} ended: {@code COMPLETED} (the caller now talks to {@code target}), {@code
     * CANCELLED} (the caller is back with {@code agent}), {@code ENDED} (the consulted agent left or was not reached,
     * the caller still holds) or {@code CALLER_LEFT}.
     */
    record ConsultEnded(
            CallId call,
            AgentId agent,
            CallId consult,
            @org.jspecify.annotations.Nullable AgentId target,
            String outcome,
            Instant at)
            implements AcdEvent {}

    /** A call-control action outside the ACD's decisions (DTMF sent by an agent, a survey answered), for the record. */
    record CallNoted(
            CallId call, @org.jspecify.annotations.Nullable AgentId agent, String kind, String detail, Instant at)
            implements AcdEvent {}
}

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

    record CallRejected(CallId call, SkillId group, CallRouting.Reason reason, Instant at) implements AcdEvent {}
}

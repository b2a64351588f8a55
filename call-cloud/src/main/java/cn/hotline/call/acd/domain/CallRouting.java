package cn.hotline.call.acd.domain;

import cn.hotline.kernel.id.CallId;
import java.time.Instant;

/** What the ACD did with a call that arrived: offered it to an agent, queued it, or refused it. */
public sealed interface CallRouting {

    CallId call();

    /**
     * The call rings at {@code agent} until {@code ringDeadline}. For a consultation, {@code consultOf} is the
     * caller's call it is about and {@code from} the consulting agent; both null for a caller.
     */
    record Offered(
            CallId call,
            AgentId agent,
            SkillId group,
            Instant at,
            Instant ringDeadline,
            @org.jspecify.annotations.Nullable CallId consultOf,
            @org.jspecify.annotations.Nullable AgentId from)
            implements CallRouting {

        public Offered(CallId call, AgentId agent, SkillId group, Instant at, Instant ringDeadline) {
            this(call, agent, group, at, ringDeadline, null, null);
        }
    }

    /** No agent is free; the call waits in {@code group}, {@code waiting} calls in all (this one included). */
    record Queued(CallId call, SkillId group, int waiting) implements CallRouting {}

    record Rejected(CallId call, SkillId group, Reason reason) implements CallRouting {}

    enum Reason {
        /** The group already holds its maximum of waiting calls. */
        QUEUE_FULL,
        /** The call is already known to the ACD. */
        DUPLICATE_CALL
    }
}

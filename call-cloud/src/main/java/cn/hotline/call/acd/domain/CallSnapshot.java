package cn.hotline.call.acd.domain;

import cn.hotline.kernel.id.CallId;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A call the ACD knows, as persisted for recovery: waiting in its groups, ringing at an agent, or connected to one.
 *
 * @param groups the groups whose agents may take it: its own and those it overflowed into
 * @param nextOverflow how many of its group's overflow rules have fired
 * @param kept a kept callback: its caller chose at the wait limit to be called back and hung up; it keeps its place
 */
public record CallSnapshot(
        CallId call,
        SkillId group,
        int priority,
        Instant queuedAt,
        Set<SkillId> groups,
        int nextOverflow,
        Status status,
        @Nullable AgentId agent,
        boolean kept) {

    public enum Status {
        WAITING,
        RINGING,
        CONNECTED
    }

    public CallSnapshot {
        groups = Set.copyOf(groups);
        if ((status == Status.WAITING) != (agent == null)) {
            throw new IllegalArgumentException("a call has an agent exactly when it rings or is connected");
        }
    }
}

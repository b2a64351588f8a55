package cn.hotline.call.session;

import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What a live call tells the agent connected to it (pushed on {@code /ws/agent}). */
public sealed interface CallNotice {

    TenantId tenant();

    CallId call();

    AgentId agent();

    /** Who ended the call. */
    enum EndedBy {
        CALLER,
        AGENT,
        SYSTEM
    }

    /** The call is over; the agent's leg is released. */
    record CallEnded(TenantId tenant, CallId call, AgentId agent, EndedBy by, String reason) implements CallNotice {}

    /**
     * Who hears whom changed in a consultation with audio or a three-way call ({@code consult} is the consultation):
     * pushed to each agent in it as {@code parties {callId, consultId, parties}}.
     */
    record Parties(TenantId tenant, CallId call, AgentId agent, CallId consult, List<Party> parties)
            implements CallNotice {
        public Parties {
            parties = List.copyOf(parties);
        }
    }

    /** One party of a call: {@code caller}, {@code agent} (the one the call belongs to) or {@code consulted}. */
    record Party(String role, @Nullable String agentId, boolean onHold) {
        public Party {
            if (!java.util.Set.of("caller", "agent", "consulted").contains(role)) {
                throw new IllegalArgumentException("a party is the caller, the agent or the consulted agent: " + role);
            }
            if ("caller".equals(role) == (agentId != null)) {
                throw new IllegalArgumentException("agents are named, the caller is not");
            }
        }
    }

    /** The media server carrying the call stopped answering; the call ends and the caller is owed a callback. */
    record MediaLost(TenantId tenant, CallId call, AgentId agent) implements CallNotice {}
}

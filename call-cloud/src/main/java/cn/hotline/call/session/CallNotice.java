package cn.hotline.call.session;

import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;

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

    /** The media server carrying the call stopped answering; the call ends and the caller is owed a callback. */
    record MediaLost(TenantId tenant, CallId call, AgentId agent) implements CallNotice {}
}

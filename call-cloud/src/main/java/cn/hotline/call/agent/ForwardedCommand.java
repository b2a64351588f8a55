package cn.hotline.call.agent;

import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.kernel.id.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * What one instance sends the owner of a live call ({@code POST /internal/calls/{callId}/agent-commands}): an agent's
 * socket {@code frame} exactly as the console sent it (a call-scoped command, {@code requestId} included), for the
 * agent of the tenant whose socket {@code origin} sits on the sending instance; or, with {@code closed}, the news that
 * this socket closed (so the owner's rejoin grace starts, as for a local socket).
 */
record ForwardedCommand(TenantId tenant, AgentId agent, String origin, @Nullable String frame, boolean closed) {

    ForwardedCommand {
        if (tenant == null || agent == null) {
            throw new IllegalArgumentException("a forwarded command needs the tenant and the agent");
        }
        if (origin == null || origin.isBlank() || origin.length() > 100) {
            throw new IllegalArgumentException("a forwarded command needs the socket it came from (1-100 characters)");
        }
        if (closed == (frame != null)) {
            throw new IllegalArgumentException("a forwarded command carries either a frame or closed: true");
        }
        if (frame != null && frame.length() > 200_000) {
            throw new IllegalArgumentException("a forwarded frame takes at most 200,000 characters");
        }
    }

    static ForwardedCommand command(TenantId tenant, AgentId agent, String origin, String frame) {
        return new ForwardedCommand(tenant, agent, origin, frame, false);
    }

    static ForwardedCommand socketClosed(TenantId tenant, AgentId agent, String origin) {
        return new ForwardedCommand(tenant, agent, origin, null, true);
    }
}

package cn.hotline.call.session;

import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An agent's browser is away from its connected call ({@code since}; the call ends at {@code deadline} unless it
 * rejoins), or — with {@code back} set — came back. What supervisors see as the {@code disconnected} flag.
 */
public record AgentAbsence(
        TenantId tenant, AgentId agent, CallId call, Instant since, Instant deadline, @Nullable Instant back) {

    public AgentAbsence {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.isBefore(since)) {
            throw new IllegalArgumentException("an absence ends after it starts");
        }
    }

    /** Still away (no rejoin yet). */
    public boolean away() {
        return back == null;
    }
}

package cn.hotline.call.acd;

import cn.hotline.call.acd.domain.Acd;
import cn.hotline.call.acd.domain.Agent;
import cn.hotline.call.acd.domain.AgentState;
import cn.hotline.call.acd.domain.CallSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's ACD at one instant, for supervisors: every enrolled agent with its state, and every queue with its
 * waiting calls and the longest wait.
 */
public record AcdOverview(Instant at, List<AgentView> agents, List<QueueView> queues) {

    public AcdOverview {
        agents = List.copyOf(agents);
        queues = List.copyOf(queues);
    }

    /** One agent: state code, since when, the not-ready reason, the call it rings for or talks on. */
    public record AgentView(
            String agent, String state, Instant since, @Nullable String reason, @Nullable String callId) {}

    /**
     * One skill group: callers waiting on the line (not ringing), the oldest one's arrival, calls ringing and
     * connected, and kept callbacks waiting (callers who hung up at the wait limit to be called back; not in {@code
     * waiting}, though they keep their places ahead of later callers).
     */
    public record QueueView(
            String group, int waiting, @Nullable Instant oldestWaitingSince, int ringing, int connected, int kept) {}

    static AcdOverview of(Acd acd, Instant now) {
        List<AgentView> agents = new ArrayList<>();
        for (Agent agent : acd.agents()) {
            AgentState state = agent.state();
            agents.add(new AgentView(
                    agent.id().value(),
                    state.code(),
                    agent.stateSince(),
                    state instanceof AgentState.NotReady n ? n.reason() : null,
                    switch (state) {
                        case AgentState.Offered o -> o.call().toString();
                        case AgentState.Talking t -> t.call().toString();
                        case AgentState.OnHold h -> h.call().toString();
                        case AgentState.AfterCallWork a -> a.call().toString();
                        default -> null;
                    }));
        }
        agents.sort(Comparator.comparing(AgentView::agent));
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, Instant> oldest = new TreeMap<>();
        for (CallSnapshot call : acd.calls()) {
            String group = call.group().value();
            int[] c = counts.computeIfAbsent(group, g -> new int[4]);
            switch (call.status()) {
                case WAITING -> {
                    if (call.kept()) {
                        c[3]++;
                    } else {
                        c[0]++;
                        oldest.merge(group, call.queuedAt(), (a, b) -> a.isBefore(b) ? a : b);
                    }
                }
                case RINGING -> c[1]++;
                case CONNECTED -> c[2]++;
            }
        }
        List<QueueView> queues = new ArrayList<>();
        counts.forEach((group, c) -> queues.add(new QueueView(group, c[0], oldest.get(group), c[1], c[2], c[3])));
        return new AcdOverview(now, agents, queues);
    }
}

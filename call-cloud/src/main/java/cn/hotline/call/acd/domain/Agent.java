package cn.hotline.call.acd.domain;

import cn.hotline.kernel.id.CallId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * An agent and its state machine. Only {@link Acd} changes an agent (it keeps its indexes in step), so the mutators
 * are package-private; each refuses an illegal transition with {@link IllegalAgentTransition} and stamps the change
 * with the time it is given.
 *
 * <pre>
 * LOGGED_OUT -signIn-> NOT_READY <-> READY -offer-> OFFERED -answer-> TALKING <-> ON_HOLD
 * OFFERED -ring timeout-> NOT_READY(RING_NO_ANSWER); OFFERED -caller left-> READY
 * TALKING/ON_HOLD -hang up-> AFTER_CALL_WORK -timer or ready-> READY (straight to READY without wrap-up time)
 * READY/NOT_READY/AFTER_CALL_WORK -signOut-> LOGGED_OUT
 * NOT_READY/AFTER_CALL_WORK -outbound started-> TALKING(outbound call) -outbound ended-> AFTER_CALL_WORK (or READY)
 * </pre>
 */
public final class Agent {

    public static final String SIGNED_IN = "SIGNED_IN";
    public static final String RING_NO_ANSWER = "RING_NO_ANSWER";

    private final AgentId id;
    private final Map<SkillId, Integer> levels;
    private final long seq;
    private AgentState state;
    private Instant stateSince;
    private Instant idleSince;

    Agent(AgentId id, List<AgentSkill> skills, long seq, AgentState state, Instant stateSince, Instant idleSince) {
        if (skills.isEmpty()) {
            throw new IllegalArgumentException("agent " + id + " needs at least one skill");
        }
        this.id = id;
        this.levels = skills.stream().collect(Collectors.toUnmodifiableMap(AgentSkill::skill, AgentSkill::level));
        this.seq = seq;
        this.state = state;
        this.stateSince = stateSince;
        this.idleSince = idleSince;
    }

    public AgentId id() {
        return id;
    }

    public AgentState state() {
        return state;
    }

    /** When the current state began. */
    public Instant stateSince() {
        return stateSince;
    }

    /** When the agent last became free for calls; the longest idle ready agent is offered first. */
    public Instant idleSince() {
        return idleSince;
    }

    public Map<SkillId, Integer> levels() {
        return levels;
    }

    public List<AgentSkill> skills() {
        return levels.entrySet().stream()
                .map(e -> new AgentSkill(e.getKey(), e.getValue()))
                .sorted(java.util.Comparator.comparing(AgentSkill::skill))
                .toList();
    }

    public OptionalInt level(SkillId skill) {
        Integer level = levels.get(skill);
        return level == null ? OptionalInt.empty() : OptionalInt.of(level);
    }

    public boolean isReady() {
        return state instanceof AgentState.Ready;
    }

    long seq() {
        return seq;
    }

    void signIn(Instant now) {
        require(state instanceof AgentState.LoggedOut, "sign in");
        to(new AgentState.NotReady(SIGNED_IN), now);
    }

    void ready(Instant now) {
        require(state instanceof AgentState.NotReady || state instanceof AgentState.AfterCallWork, "become ready");
        idleSince = now;
        to(AgentState.READY, now);
    }

    void notReady(String reason, Instant now) {
        require(
                state instanceof AgentState.Ready
                        || state instanceof AgentState.NotReady
                        || state instanceof AgentState.AfterCallWork,
                "become not ready");
        to(new AgentState.NotReady(reason), now);
    }

    void offer(CallId call, Instant ringDeadline, Instant now) {
        require(state instanceof AgentState.Ready, "be offered a call");
        to(new AgentState.Offered(call, ringDeadline), now);
    }

    void answer(CallId call, Instant now) {
        require(state instanceof AgentState.Offered o && o.call().equals(call), "answer call " + call);
        to(new AgentState.Talking(call), now);
    }

    void ringTimedOut(Instant now) {
        require(state instanceof AgentState.Offered, "miss a call");
        to(new AgentState.NotReady(RING_NO_ANSWER), now);
    }

    /** The caller hung up while it rang here: the agent is free again and keeps its place in the idle order. */
    void callerLeftWhileRinging(Instant now) {
        require(state instanceof AgentState.Offered, "lose a ringing call");
        to(AgentState.READY, now);
    }

    void hold(CallId call, Instant now) {
        require(state instanceof AgentState.Talking t && t.call().equals(call), "hold call " + call);
        to(new AgentState.OnHold(call), now);
    }

    void retrieve(CallId call, Instant now) {
        require(state instanceof AgentState.OnHold h && h.call().equals(call), "retrieve call " + call);
        to(new AgentState.Talking(call), now);
    }

    void callEnded(CallId call, Duration afterCallWork, Instant now) {
        boolean onThisCall = (state instanceof AgentState.Talking t && t.call().equals(call))
                || (state instanceof AgentState.OnHold h && h.call().equals(call));
        require(onThisCall, "end call " + call);
        if (afterCallWork.isZero()) {
            idleSince = now;
            to(AgentState.READY, now);
        } else {
            to(new AgentState.AfterCallWork(call, now.plus(afterCallWork)), now);
        }
    }

    /** The agent placed an outbound call (a callback): it talks on it, so the ACD offers it nothing meanwhile. */
    void outboundStarted(CallId call, Instant now) {
        require(
                state instanceof AgentState.NotReady || state instanceof AgentState.AfterCallWork,
                "dial out (go not ready first)");
        to(new AgentState.Talking(call), now);
    }

    /** A consultation this agent answered becomes the call it was about: the caller now talks to this agent. */
    void takeOver(CallId consult, CallId call, Instant now) {
        require(state instanceof AgentState.Talking t && t.call().equals(consult), "take over call " + call);
        to(new AgentState.Talking(call), now);
    }

    void signOut(Instant now) {
        require(
                state instanceof AgentState.Ready
                        || state instanceof AgentState.NotReady
                        || state instanceof AgentState.AfterCallWork,
                "sign out");
        to(AgentState.LOGGED_OUT, now);
    }

    private void require(boolean allowed, String action) {
        if (!allowed) {
            throw new IllegalAgentTransition(id, state, action);
        }
    }

    private void to(AgentState next, Instant now) {
        state = next;
        stateSince = now;
    }

    @Override
    public String toString() {
        return "Agent[" + id + " " + state.code() + " " + levels + "]";
    }
}

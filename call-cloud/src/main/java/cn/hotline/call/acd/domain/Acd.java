package cn.hotline.call.acd.domain;

import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One tenant's automatic call distribution: who is ready for which skill, which calls wait where, and the decision
 * that pairs them. A call goes to the ready agent with its group's skill who has been idle longest, the higher skill
 * level breaking ties; an agent who becomes free takes the waiting call of highest priority, then longest wait, among
 * the groups it serves.
 *
 * <p>Not thread-safe, on purpose: exactly one writer per tenant drives it (see {@code cn.hotline.call.acd.AcdWriter}),
 * which is what makes a double offer impossible — an agent leaves every ready set in the same step that rings it,
 * and a call leaves every queue in the same step that offers it. Lookups are indexed: per skill a ready set ordered by
 * idle time, per group a queue ordered by priority and wait, and one timer heap; nothing scans all agents or calls.
 */
public final class Acd {

    private final TenantId tenant;
    private final Clock clock;
    private AcdSettings settings;

    /** Handle time assumed for a group before any of its calls ended. */
    public static final Duration DEFAULT_HANDLE_TIME = Duration.ofSeconds(240);

    /** Per group, recent handle time in seconds (exponentially weighted); lost when a new writer takes over. */
    private final Map<SkillId, Double> handleTime = new HashMap<>();

    private final Map<AgentId, Agent> agents = new HashMap<>();
    private final Map<SkillId, NavigableSet<Agent>> ready = new HashMap<>();
    private final Map<SkillId, NavigableSet<Call>> queues = new HashMap<>();
    private final Map<CallId, Call> calls = new HashMap<>();
    private final PriorityQueue<Timer> timers =
            new PriorityQueue<>(Comparator.comparing(Timer::at).thenComparingLong(Timer::seq));
    private final List<AcdEvent> events = new ArrayList<>();
    private boolean recordEvents = true;
    private long seq;

    public Acd(TenantId tenant, Clock clock, AcdSettings settings) {
        this.tenant = tenant;
        this.clock = clock;
        this.settings = settings;
    }

    public TenantId tenant() {
        return tenant;
    }

    public AcdSettings settings() {
        return settings;
    }

    /**
     * Changes how the ACD behaves from now on (a tenant edited its settings): new offers ring for the new time, new
     * wrap-ups last the new time, new arrivals meet the new queue limit, and calls take the new overflow rules at
     * their next overflow. Calls already ringing keep their deadline.
     */
    public void reconfigure(AcdSettings changed) {
        if (changed == null) {
            throw new IllegalArgumentException("settings are required");
        }
        this.settings = changed;
    }

    /** Turns the event log off, for simulations that only need the decisions. */
    public void recordEvents(boolean on) {
        this.recordEvents = on;
    }

    // ---- agents -----------------------------------------------------------------------------------------------

    /** Adds an agent, logged out, or replaces the skills of one that is logged out. */
    public Agent enrol(AgentId id, List<AgentSkill> skills) {
        Agent existing = agents.get(id);
        if (existing != null && !(existing.state() instanceof AgentState.LoggedOut)) {
            throw new IllegalAgentTransition(id, existing.state(), "change skills");
        }
        Instant now = clock.instant();
        Agent agent = new Agent(id, skills, ++seq, AgentState.LOGGED_OUT, now, now);
        agents.put(id, agent);
        record(new AcdEvent.AgentEnrolled(id, agent.skills(), now));
        return agent;
    }

    public Optional<Agent> agent(AgentId id) {
        return Optional.ofNullable(agents.get(id));
    }

    public Collection<Agent> agents() {
        return java.util.Collections.unmodifiableCollection(agents.values());
    }

    public void signIn(AgentId id) {
        Agent agent = known(id);
        String from = agent.state().code();
        agent.signIn(clock.instant());
        changed(agent, from);
    }

    /** The agent is ready; if a call waits for one of its skills, it is offered at once. */
    public Optional<CallRouting.Offered> ready(AgentId id) {
        Agent agent = known(id);
        String from = agent.state().code();
        agent.ready(clock.instant());
        changed(agent, from);
        return becameFree(agent);
    }

    public void notReady(AgentId id, String reason) {
        Agent agent = known(id);
        String from = agent.state().code();
        new AgentState.NotReady(reason); // refuse a bad reason before touching the indexes
        unindex(agent);
        agent.notReady(reason, clock.instant());
        changed(agent, from);
    }

    public void signOut(AgentId id) {
        Agent agent = known(id);
        String from = agent.state().code();
        unindex(agent);
        agent.signOut(clock.instant());
        changed(agent, from);
    }

    /** The agent picked up the call ringing at its phone. */
    public void answer(AgentId id, CallId callId) {
        Agent agent = known(id);
        Call call = calls.get(callId);
        String from = agent.state().code();
        agent.answer(callId, clock.instant());
        if (call == null || call.agent == null || !call.agent.equals(id)) {
            throw new IllegalStateException("call " + callId + " is not ringing at " + id);
        }
        call.status = CallSnapshot.Status.CONNECTED;
        call.answeredAt = clock.instant();
        changed(agent, from);
        record(new AcdEvent.CallAnswered(callId, id, clock.instant()));
    }

    public void hold(AgentId id, CallId call) {
        Agent agent = known(id);
        String from = agent.state().code();
        agent.hold(call, clock.instant());
        changed(agent, from);
    }

    public void retrieve(AgentId id, CallId call) {
        Agent agent = known(id);
        String from = agent.state().code();
        agent.retrieve(call, clock.instant());
        changed(agent, from);
    }

    // ---- calls ------------------------------------------------------------------------------------------------

    /** A call for skill group {@code group} arrived; higher {@code priority} is served first (VIP, callbacks). */
    public CallRouting arrive(CallId callId, SkillId group, int priority) {
        Instant now = clock.instant();
        if (calls.containsKey(callId)) {
            record(new AcdEvent.CallRejected(callId, group, CallRouting.Reason.DUPLICATE_CALL, now));
            return new CallRouting.Rejected(callId, group, CallRouting.Reason.DUPLICATE_CALL);
        }
        record(new AcdEvent.CallArrived(callId, group, priority, now));
        Agent agent = best(group);
        if (agent != null) {
            Call call = new Call(callId, group, priority, now, ++seq);
            calls.put(callId, call);
            return offer(call, group, agent, now);
        }
        NavigableSet<Call> queue = queue(group);
        if (queue.size() >= settings.maxQueueLength()) {
            record(new AcdEvent.CallRejected(callId, group, CallRouting.Reason.QUEUE_FULL, now));
            return new CallRouting.Rejected(callId, group, CallRouting.Reason.QUEUE_FULL);
        }
        Call call = new Call(callId, group, priority, now, ++seq);
        calls.put(callId, call);
        record(new AcdEvent.CallQueued(callId, group, priority, now));
        enqueue(call, group);
        scheduleOverflow(call);
        return new CallRouting.Queued(callId, group, queue.size());
    }

    /**
     * The tenant's wait limit reached a waiting call ({@code QueueLimit}): for {@link LeaveReason#VOICEMAIL} it leaves
     * its queues (the caller records a message; not an abandon), for {@link LeaveReason#CALLBACK} it keeps its place
     * while its caller hangs up — whoever it is offered to calls the caller back; {@link LeaveReason#RELEASED} takes such a
     * kept call out again. Either way {@link
     * AcdEvent.CallLeftQueue} is recorded. False, with nothing changed, when the call is not waiting (ringing at an
     * agent, connected, unknown): the limit does not take a call away from an agent.
     */
    public boolean leaveQueue(CallId callId, LeaveReason reason) {
        Call call = calls.get(callId);
        if (call == null || call.status != CallSnapshot.Status.WAITING || call.consultOf != null) {
            return false;
        }
        Instant now = clock.instant();
        if (reason == LeaveReason.CALLBACK) {
            call.kept = true;
        } else {
            calls.remove(callId);
            dequeue(call);
        }
        record(new AcdEvent.CallLeftQueue(callId, reason.name(), now));
        return true;
    }

    /** Why a waiting call's caller left the queue at the tenant's limit. */
    public enum LeaveReason {
        /** The caller leaves a message; the call is out of the ACD. */
        VOICEMAIL,
        /** The caller hangs up; the call keeps its place and is called back by the agent it is offered to. */
        CALLBACK,
        /**
         * A kept callback ({@link #CALLBACK}) gives up its place: no agent got to it in time, or a supervisor released
         * it. The call is out of the ACD; its caller is on the must-call-back list.
         */
        RELEASED
    }

    /** The caller hung up before an agent answered: the call leaves the queues, a ringing agent is freed. */
    public Optional<CallRouting.Offered> abandon(CallId callId) {
        Call call = calls.remove(callId);
        if (call == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        record(new AcdEvent.CallAbandoned(callId, now));
        endConsultOf(call, "CALLER_LEFT", now);
        if (call.status == CallSnapshot.Status.WAITING) {
            dequeue(call);
            return Optional.empty();
        }
        if (call.status == CallSnapshot.Status.CONNECTED) {
            throw new IllegalStateException("call " + callId + " is connected; hang it up instead");
        }
        Agent agent = agents.get(call.agent);
        String from = agent.state().code();
        agent.callerLeftWhileRinging(now);
        changed(agent, from);
        return becameFree(agent);
    }

    /** A connected call ended; the agent goes to after-call work, or straight back to ready without it. */
    public Optional<CallRouting.Offered> hangUp(CallId callId) {
        Call call = calls.get(callId);
        if (call == null || call.status != CallSnapshot.Status.CONNECTED || call.agent == null) {
            throw new IllegalStateException("call " + callId + " is not connected");
        }
        calls.remove(callId);
        Instant now = clock.instant();
        endConsultOf(call, "CALLER_LEFT", now);
        if (call.consultOf != null) {
            consultGone(call, "ENDED", now);
        }
        if (call.answeredAt != null && call.consultOf == null) {
            double seconds = Duration.between(call.answeredAt, now).toMillis() / 1000.0;
            double before = handleTime.getOrDefault(call.group, (double) DEFAULT_HANDLE_TIME.toSeconds());
            handleTime.put(call.group, before * 0.9 + seconds * 0.1);
        }
        Agent agent = agents.get(call.agent);
        String from = agent.state().code();
        agent.callEnded(callId, call.consultOf == null ? settings.afterCallWork() : Duration.ZERO, now);
        changed(agent, from);
        record(new AcdEvent.CallEnded(callId, agent.id(), now));
        if (agent.state() instanceof AgentState.AfterCallWork acw) {
            schedule(new Timer(acw.until(), ++seq, TimerKind.WRAP_UP_ENDS, callId, agent.id(), 0));
            return Optional.empty();
        }
        return becameFree(agent);
    }

    /**
     * The agent placed an outbound call {@code call} (a callback it dials): it is {@code TALKING} on it until {@link
     * #outboundEnded}, so no inbound call is offered to it meanwhile, and the time counts as talk time in its state
     * history. Only a not-ready agent or one in after-call work may dial; an id the ACD knows as an inbound call is
     * refused.
     */
    public void outboundStarted(AgentId id, CallId call) {
        Agent agent = known(id);
        if (calls.containsKey(call)) {
            throw new IllegalStateException("call " + call + " is an inbound call of the ACD, not an outbound one");
        }
        String from = agent.state().code();
        unindex(agent);
        agent.outboundStarted(call, clock.instant());
        changed(agent, from);
    }

    /**
     * The agent's outbound call ended: after-call work as after an inbound call (or ready at once without wrap-up
     * time, then offered the best waiting call). Emits that offer, if any.
     */
    public Optional<CallRouting.Offered> outboundEnded(AgentId id, CallId call) {
        Agent agent = known(id);
        if (calls.containsKey(call)) {
            throw new IllegalStateException("call " + call + " is an inbound call of the ACD, not an outbound one");
        }
        Instant now = clock.instant();
        String from = agent.state().code();
        agent.callEnded(call, settings.afterCallWork(), now);
        changed(agent, from);
        if (agent.state() instanceof AgentState.AfterCallWork acw) {
            schedule(new Timer(acw.until(), ++seq, TimerKind.WRAP_UP_ENDS, call, agent.id(), 0));
            return Optional.empty();
        }
        return becameFree(agent);
    }

    /**
     * Where a waiting call stands in its own group's queue: 1 is next. The estimated wait is the calls up to and
     * including it times the group's recent handle time (an average weighted towards the latest calls; {@link
     * #DEFAULT_HANDLE_TIME} before any), divided by the group's signed-in agents; empty when nobody is signed in.
     * Empty for a call that is not waiting.
     */
    public Optional<QueuePosition> position(CallId id) {
        Call call = calls.get(id);
        if (call == null || call.status != CallSnapshot.Status.WAITING) {
            return Optional.empty();
        }
        int position = queue(call.group).headSet(call, false).size() + 1;
        long staffed = agents.values().stream()
                .filter(agent -> !(agent.state() instanceof AgentState.LoggedOut))
                .filter(agent ->
                        agent.skills().stream().anyMatch(skill -> skill.skill().equals(call.group)))
                .count();
        double handle = handleTime.getOrDefault(call.group, (double) DEFAULT_HANDLE_TIME.toSeconds());
        Optional<Duration> wait = staffed == 0
                ? Optional.empty()
                : Optional.of(Duration.ofSeconds(Math.round(position * handle / staffed)));
        return Optional.of(new QueuePosition(id, call.group, position, wait.orElse(null)));
    }

    /** A waiting call's place: {@code position} 1 is next; {@code estimatedWait} null when nobody serves the group. */
    public record QueuePosition(CallId call, SkillId group, int position, @Nullable Duration estimatedWait) {}

    public Optional<CallSnapshot> call(CallId id) {
        Call call = calls.get(id);
        return call == null ? Optional.empty() : Optional.of(call.snapshot());
    }

    public List<CallSnapshot> calls() {
        return calls.values().stream().map(Call::snapshot).toList();
    }

    public int waiting(SkillId group) {
        NavigableSet<Call> queue = queues.get(group);
        return queue == null ? 0 : queue.size();
    }

    public int readyAgents(SkillId skill) {
        NavigableSet<Agent> set = ready.get(skill);
        return set == null ? 0 : set.size();
    }

    // ---- transfers and consultations ------------------------------------------------------------------------------

    /**
     * Blind transfer: the agent's connected call goes to {@code to} and the agent to after-call work. To a group, the
     * call joins that group's queue with its priority and its first queueing time (the time it already waited counts)
     * and is offered at once if an agent is ready; to an agent, it rings there, which must be ready. Emits the offer
     * made, if any.
     */
    public Optional<CallRouting.Offered> transfer(AgentId by, CallId callId, TransferTarget to) {
        Call call = connectedTo(by, callId);
        if (call.consult != null) {
            throw new IllegalStateException("call " + callId + " has a consultation running; complete or cancel it");
        }
        Instant now = clock.instant();
        Agent target = null;
        if (to.kind() == TransferTarget.Kind.AGENT) {
            target = readyTarget(by, AgentId.of(to.value()));
        }
        Agent agent = known(by);
        String from = agent.state().code();
        agent.callEnded(callId, settings.afterCallWork(), now);
        changed(agent, from);
        record(new AcdEvent.CallTransferred(callId, by, to, now));
        if (agent.state() instanceof AgentState.AfterCallWork acw) {
            schedule(new Timer(acw.until(), ++seq, TimerKind.WRAP_UP_ENDS, callId, agent.id(), 0));
        }
        call.status = CallSnapshot.Status.WAITING;
        call.agent = null;
        call.answeredAt = null;
        if (target != null) {
            return Optional.of(offer(call, call.group, target, now));
        }
        SkillId group = SkillId.of(to.value());
        call.group = group;
        call.groups.clear();
        call.groups.add(group);
        call.nextOverflow = 0;
        Agent best = best(group);
        if (best != null) {
            return Optional.of(offer(call, group, best, now));
        }
        record(new AcdEvent.CallQueued(callId, group, call.priority, now));
        queue(group).add(call);
        scheduleOverflow(call);
        Optional<CallRouting.Offered> none = Optional.empty();
        return none;
    }

    /**
     * The agent holds its caller and consults {@code to}: a consultation (a call of the ACD with id {@code consult})
     * rings at that agent, which must be ready, or goes to that group like a caller of the call's priority. Emits the
     * offer made, if any.
     */
    public Optional<CallRouting.Offered> consult(AgentId by, CallId callId, TransferTarget to, CallId consult) {
        Call call = connectedTo(by, callId);
        if (call.consult != null) {
            throw new IllegalStateException("call " + callId + " already has a consultation running");
        }
        if (calls.containsKey(consult)) {
            throw new IllegalArgumentException("consultation " + consult + " exists already");
        }
        Agent target = to.kind() == TransferTarget.Kind.AGENT ? readyTarget(by, AgentId.of(to.value())) : null;
        Instant now = clock.instant();
        Agent agent = known(by);
        if (agent.state() instanceof AgentState.Talking) {
            String from = agent.state().code();
            agent.hold(callId, now);
            changed(agent, from);
        }
        SkillId group = target != null ? call.group : SkillId.of(to.value());
        Call leg = new Call(consult, group, call.priority, now, ++seq);
        leg.consultOf = callId;
        leg.from = by;
        leg.pinned = target != null;
        calls.put(consult, leg);
        call.consult = consult;
        record(new AcdEvent.ConsultStarted(callId, by, to, consult, now));
        if (target != null) {
            return Optional.of(offer(leg, group, target, now));
        }
        Agent best = best(group);
        if (best != null) {
            return Optional.of(offer(leg, group, best, now));
        }
        queue(group).add(leg);
        return Optional.empty();
    }

    /**
     * The consulting agent hands its caller to the consulted agent, who answered: the caller's call is now connected to
     * that agent, the consultation is over and the consulting agent goes to after-call work. Returns the agent who now
     * has the call.
     */
    public AgentId completeTransfer(AgentId by, CallId callId) {
        Call call = connectedTo(by, callId);
        Call leg = call.consult == null ? null : calls.get(call.consult);
        if (leg == null || leg.status != CallSnapshot.Status.CONNECTED || leg.agent == null) {
            throw new IllegalStateException("call " + callId + " has no answered consultation to complete");
        }
        Instant now = clock.instant();
        Agent target = agents.get(leg.agent);
        calls.remove(leg.id);
        call.consult = null;
        String targetFrom = target.state().code();
        target.takeOver(leg.id, callId, now);
        changed(target, targetFrom);
        Agent agent = known(by);
        String from = agent.state().code();
        agent.callEnded(callId, settings.afterCallWork(), now);
        changed(agent, from);
        if (agent.state() instanceof AgentState.AfterCallWork acw) {
            schedule(new Timer(acw.until(), ++seq, TimerKind.WRAP_UP_ENDS, callId, agent.id(), 0));
        }
        call.agent = target.id();
        record(new AcdEvent.ConsultEnded(callId, by, leg.id, target.id(), "COMPLETED", now));
        becameFree(agent);
        return target.id();
    }

    /**
     * The consulting agent gives up the consultation: the consulted agent (ringing or talking) is free again, a waiting
     * consultation leaves its queue, and the agent talks to its caller again. Emits the call then offered to the freed
     * agent, if any.
     */
    public Optional<CallRouting.Offered> cancelConsult(AgentId by, CallId callId) {
        Call call = connectedTo(by, callId);
        Instant now = clock.instant();
        Optional<CallRouting.Offered> next = Optional.empty();
        CallId consult = call.consult;
        if (consult == null) {
            throw new IllegalStateException("call " + callId + " has no consultation to cancel");
        }
        Call leg = calls.remove(consult);
        call.consult = null;
        AgentId target = null;
        if (leg != null) {
            target = leg.agent;
            next = release(leg, now);
        }
        Agent agent = known(by);
        if (agent.state() instanceof AgentState.OnHold) {
            String from = agent.state().code();
            agent.retrieve(callId, now);
            changed(agent, from);
        }
        record(new AcdEvent.ConsultEnded(callId, by, consult, target, "CANCELLED", now));
        return next;
    }

    /** The consultation running for a call, if any, and whom it is with. */
    public Optional<CallSnapshot> consultation(CallId callId) {
        Call call = calls.get(callId);
        return call == null || call.consult == null ? Optional.empty() : call(call.consult);
    }

    /** For a consultation: the caller's call it is about and the consulting agent. */
    public Optional<Consultation> consultationOf(CallId consult) {
        Call leg = calls.get(consult);
        return leg == null || leg.consultOf == null || leg.from == null
                ? Optional.empty()
                : Optional.of(new Consultation(leg.consultOf, leg.from, consult));
    }

    /** A consultation about {@code call} by agent {@code from}, running as the ACD call {@code consult}. */
    public record Consultation(CallId call, AgentId from, CallId consult) {}

    /** Records a call-control action of {@code agent} (or of the system) on the call's history. */
    public void note(CallId call, @Nullable AgentId agent, String kind, String detail) {
        record(new AcdEvent.CallNoted(call, agent, kind, detail, clock.instant()));
    }

    private Call connectedTo(AgentId by, CallId callId) {
        Call call = calls.get(callId);
        if (call == null
                || call.status != CallSnapshot.Status.CONNECTED
                || !by.equals(call.agent)
                || call.consultOf != null) {
            throw new IllegalStateException("call " + callId + " is not connected to agent " + by);
        }
        return call;
    }

    private Agent readyTarget(AgentId by, AgentId id) {
        if (id.equals(by)) {
            throw new IllegalArgumentException("an agent cannot transfer to or consult itself");
        }
        Agent target = agents.get(id);
        if (target == null) {
            throw new IllegalArgumentException("agent " + id + " is not enrolled in tenant " + tenant);
        }
        if (!target.isReady()) {
            throw new IllegalStateException(
                    "agent " + id + " is not ready (" + target.state().code() + ")");
        }
        return target;
    }

    /** Frees whoever the consultation leg rang at or talked to; a waiting leg leaves its queue. */
    private Optional<CallRouting.Offered> release(Call leg, Instant now) {
        if (leg.status == CallSnapshot.Status.WAITING) {
            dequeue(leg);
            return Optional.empty();
        }
        Agent agent = agents.get(leg.agent);
        String from = agent.state().code();
        if (leg.status == CallSnapshot.Status.RINGING) {
            agent.callerLeftWhileRinging(now);
        } else {
            agent.callEnded(leg.id, Duration.ZERO, now);
        }
        changed(agent, from);
        return becameFree(agent);
    }

    /** The caller's call ended or was abandoned: a consultation it had is over too. */
    private void endConsultOf(Call call, String outcome, Instant now) {
        if (call.consult == null) {
            return;
        }
        Call leg = calls.remove(call.consult);
        call.consult = null;
        if (leg != null) {
            release(leg, now);
            AgentId by = leg.from != null ? leg.from : java.util.Objects.requireNonNull(call.agent);
            record(new AcdEvent.ConsultEnded(call.id, by, leg.id, leg.agent, outcome, now));
        }
    }

    /** A consultation leg is gone by itself (the consulted agent hung up, nobody answered): its caller still holds. */
    private void consultGone(Call leg, String outcome, Instant now) {
        Call call = leg.consultOf == null ? null : calls.get(leg.consultOf);
        if (call != null && leg.id.equals(call.consult)) {
            call.consult = null;
            record(new AcdEvent.ConsultEnded(
                    call.id, java.util.Objects.requireNonNull(leg.from), leg.id, leg.agent, outcome, now));
        }
    }

    // ---- time -------------------------------------------------------------------------------------------------

    /** When the next timer (ring timeout, end of wrap-up, overflow) is due, if any. */
    public Optional<Instant> nextDue() {
        while (!timers.isEmpty() && !live(timers.peek())) {
            timers.poll();
        }
        return timers.isEmpty() ? Optional.empty() : Optional.of(timers.peek().at());
    }

    /** Fires every timer due by now: re-offers unanswered calls, readies agents after wrap-up, overflows calls. */
    public List<CallRouting.Offered> tick() {
        Instant now = clock.instant();
        List<CallRouting.Offered> offers = new ArrayList<>();
        while (!timers.isEmpty() && !timers.peek().at().isAfter(now)) {
            Timer timer = timers.poll();
            if (!live(timer)) {
                continue;
            }
            switch (timer.kind()) {
                case RING_TIMEOUT -> ringTimedOut(timer, now, offers);
                case WRAP_UP_ENDS -> {
                    Agent agent = agents.get(timer.agent());
                    String from = agent.state().code();
                    agent.ready(now);
                    changed(agent, from);
                    becameFree(agent).ifPresent(offers::add);
                }
                case OVERFLOW ->
                    overflow(calls.get(timer.call()), timer.index(), now).ifPresent(offers::add);
            }
        }
        return offers;
    }

    /** Hands over the events since the last call, oldest first. */
    public List<AcdEvent> drainEvents() {
        List<AcdEvent> out = List.copyOf(events);
        events.clear();
        return out;
    }

    // ---- recovery ---------------------------------------------------------------------------------------------

    /**
     * Rebuilds a tenant's ACD from persisted agents and calls after a restart or a change of writer. Calls that were
     * ringing wait again at their old place (the ringing agent's phone is no longer ours to trust); the agent becomes
     * ready again with its old idle time, so the next decision re-offers the call.
     */
    public static Acd restore(
            TenantId tenant,
            Clock clock,
            AcdSettings settings,
            List<AgentSnapshot> agentRows,
            List<CallSnapshot> callRows) {
        Acd acd = new Acd(tenant, clock, settings);
        Instant now = clock.instant();
        for (AgentSnapshot row : agentRows) {
            AgentState state = row.state() instanceof AgentState.Offered ? AgentState.READY : row.state();
            Agent agent = new Agent(row.agent(), row.skills(), ++acd.seq, state, row.stateSince(), row.idleSince());
            acd.agents.put(agent.id(), agent);
            if (agent.isReady()) {
                acd.index(agent);
            }
            if (state instanceof AgentState.AfterCallWork acw) {
                acd.schedule(new Timer(acw.until(), ++acd.seq, TimerKind.WRAP_UP_ENDS, acw.call(), agent.id(), 0));
            }
        }
        callRows.stream().sorted(Comparator.comparing(CallSnapshot::queuedAt)).forEach(row -> {
            Call call = new Call(row.call(), row.group(), row.priority(), row.queuedAt(), ++acd.seq);
            call.groups.addAll(row.groups());
            call.groups.add(row.group());
            call.nextOverflow = row.nextOverflow();
            call.kept = row.kept();
            acd.calls.put(call.id, call);
            if (row.status() == CallSnapshot.Status.CONNECTED) {
                call.status = CallSnapshot.Status.CONNECTED;
                call.agent = row.agent();
            } else {
                for (SkillId group : call.groups) {
                    acd.queue(group).add(call);
                }
                acd.scheduleOverflow(call);
            }
        });
        acd.events.clear();
        // Pair what can be paired now, as if the waiting calls had just arrived.
        List<Call> inOrder = new ArrayList<>(acd.calls.values());
        inOrder.sort(Call.ORDER);
        for (Call call : inOrder) {
            if (call.status == CallSnapshot.Status.WAITING) {
                for (SkillId group : List.copyOf(call.groups)) {
                    Agent agent = acd.best(group);
                    if (agent != null && call.status == CallSnapshot.Status.WAITING) {
                        acd.dequeue(call);
                        acd.offer(call, group, agent, now);
                    }
                }
            }
        }
        return acd;
    }

    /** An agent as persisted for recovery. */
    public record AgentSnapshot(
            AgentId agent, List<AgentSkill> skills, AgentState state, Instant stateSince, Instant idleSince) {
        public static AgentSnapshot of(Agent agent) {
            return new AgentSnapshot(agent.id(), agent.skills(), agent.state(), agent.stateSince(), agent.idleSince());
        }
    }

    // ---- internals --------------------------------------------------------------------------------------------

    private Agent known(AgentId id) {
        Agent agent = agents.get(id);
        if (agent == null) {
            throw new IllegalArgumentException("agent " + id + " is not enrolled in tenant " + tenant);
        }
        return agent;
    }

    private @Nullable Agent best(SkillId group) {
        NavigableSet<Agent> set = ready.get(group);
        return set == null || set.isEmpty() ? null : set.first();
    }

    private CallRouting.Offered offer(Call call, SkillId group, Agent agent, Instant now) {
        unindex(agent);
        Instant deadline = now.plus(settings.ringTimeout());
        String from = agent.state().code();
        agent.offer(call.id, deadline, now);
        call.status = CallSnapshot.Status.RINGING;
        call.agent = agent.id();
        call.offers++;
        changed(agent, from);
        record(new AcdEvent.CallOffered(call.id, agent.id(), now));
        schedule(new Timer(deadline, ++seq, TimerKind.RING_TIMEOUT, call.id, agent.id(), call.offers));
        return new CallRouting.Offered(call.id, agent.id(), group, now, deadline, call.consultOf, call.from);
    }

    private Optional<CallRouting.Offered> becameFree(Agent agent) {
        if (!agent.isReady()) {
            return Optional.empty();
        }
        Call best = null;
        SkillId bestGroup = null;
        for (SkillId skill : agent.levels().keySet()) {
            NavigableSet<Call> queue = queues.get(skill);
            if (queue != null && !queue.isEmpty()) {
                Call head = queue.first();
                if (best == null || Call.ORDER.compare(head, best) < 0) {
                    best = head;
                    bestGroup = skill;
                }
            }
        }
        if (best == null) {
            index(agent);
            return Optional.empty();
        }
        dequeue(best);
        return Optional.of(offer(best, bestGroup, agent, clock.instant()));
    }

    private void ringTimedOut(Timer timer, Instant now, List<CallRouting.Offered> offers) {
        Call call = calls.get(timer.call());
        Agent agent = agents.get(timer.agent());
        String from = agent.state().code();
        agent.ringTimedOut(now);
        changed(agent, from);
        record(new AcdEvent.CallRingTimedOut(call.id, agent.id(), now));
        call.status = CallSnapshot.Status.WAITING;
        call.agent = null;
        if (call.pinned) {
            calls.remove(call.id);
            call.agent = agent.id();
            consultGone(call, "NO_ANSWER", now);
            becameFree(agent).ifPresent(offers::add);
            return;
        }
        // Back at its old place: the queue order still uses the time it first queued.
        for (SkillId group : call.groups) {
            Agent next = best(group);
            if (next != null) {
                offers.add(offer(call, group, next, now));
                return;
            }
        }
        for (SkillId group : call.groups) {
            queue(group).add(call);
        }
    }

    private Optional<CallRouting.Offered> overflow(Call call, int index, Instant now) {
        List<AcdSettings.Overflow> rules = settings.overflowOf(call.group);
        if (index >= rules.size()) {
            return Optional.empty(); // the rules changed since this overflow was scheduled
        }
        AcdSettings.Overflow rule = rules.get(index);
        call.nextOverflow = index + 1;
        scheduleOverflow(call);
        if (!call.groups.add(rule.to())) {
            return Optional.empty();
        }
        record(new AcdEvent.CallOverflowed(call.id, rule.to(), now));
        Agent agent = best(rule.to());
        if (agent != null) {
            dequeue(call);
            return Optional.of(offer(call, rule.to(), agent, now));
        }
        queue(rule.to()).add(call);
        return Optional.empty();
    }

    private void scheduleOverflow(Call call) {
        List<AcdSettings.Overflow> rules = settings.overflowOf(call.group);
        if (call.nextOverflow < rules.size()) {
            Instant at = call.queuedAt.plus(rules.get(call.nextOverflow).after());
            schedule(new Timer(at, ++seq, TimerKind.OVERFLOW, call.id, null, call.nextOverflow));
        }
    }

    private boolean live(Timer timer) {
        return switch (timer.kind()) {
            case RING_TIMEOUT -> {
                Call call = calls.get(timer.call());
                yield call != null
                        && call.status == CallSnapshot.Status.RINGING
                        && timer.agent() != null
                        && timer.agent().equals(call.agent)
                        && call.offers == timer.index();
            }
            case WRAP_UP_ENDS -> {
                Agent agent = agents.get(timer.agent());
                yield agent != null
                        && agent.state() instanceof AgentState.AfterCallWork acw
                        && acw.call().equals(timer.call())
                        && !acw.until().isAfter(timer.at());
            }
            case OVERFLOW -> {
                Call call = calls.get(timer.call());
                yield call != null && call.status == CallSnapshot.Status.WAITING && call.nextOverflow == timer.index();
            }
        };
    }

    private void schedule(Timer timer) {
        timers.add(timer);
    }

    private void enqueue(Call call, SkillId group) {
        call.groups.add(group);
        queue(group).add(call);
    }

    private void dequeue(Call call) {
        for (SkillId group : call.groups) {
            NavigableSet<Call> queue = queues.get(group);
            if (queue != null) {
                queue.remove(call);
            }
        }
    }

    private NavigableSet<Call> queue(SkillId group) {
        return queues.computeIfAbsent(group, g -> new TreeSet<>(Call.ORDER));
    }

    private void index(Agent agent) {
        for (SkillId skill : agent.levels().keySet()) {
            ready.computeIfAbsent(skill, Acd::readySet).add(agent);
        }
    }

    private void unindex(Agent agent) {
        if (agent.isReady()) {
            for (SkillId skill : agent.levels().keySet()) {
                NavigableSet<Agent> set = ready.get(skill);
                if (set != null) {
                    set.remove(agent);
                }
            }
        }
    }

    private static NavigableSet<Agent> readySet(SkillId skill) {
        Comparator<Agent> order = Comparator.comparing(Agent::idleSince)
                .thenComparing(a -> -a.levels().get(skill))
                .thenComparingLong(Agent::seq);
        return new TreeSet<>(order);
    }

    private void changed(Agent agent, String from) {
        record(new AcdEvent.AgentStateChanged(agent.id(), from, agent.state(), agent.stateSince()));
    }

    private void record(AcdEvent event) {
        if (recordEvents) {
            events.add(event);
        }
    }

    private enum TimerKind {
        RING_TIMEOUT,
        WRAP_UP_ENDS,
        OVERFLOW
    }

    private record Timer(Instant at, long seq, TimerKind kind, CallId call, @Nullable AgentId agent, int index) {}

    private static final class Call {
        static final Comparator<Call> ORDER = Comparator.<Call>comparingInt(c -> -c.priority)
                .thenComparing(c -> c.queuedAt)
                .thenComparingLong(c -> c.seq);

        final CallId id;
        SkillId group;
        final int priority;
        final Instant queuedAt;
        final long seq;
        final Set<SkillId> groups = new LinkedHashSet<>();
        CallSnapshot.Status status = CallSnapshot.Status.WAITING;

        @Nullable
        AgentId agent;

        int offers;
        int nextOverflow;

        @Nullable
        Instant answeredAt;

        /** For a consultation: the caller's call it is about, and the agent consulting. */
        @Nullable
        CallId consultOf;

        @Nullable
        AgentId from;

        /** A consultation offered to one agent only: not re-offered to others when it rings out. */
        boolean pinned;

        /** A kept callback: the caller hung up at the wait limit to be called back; the call keeps its place. */
        boolean kept;

        /** For a caller's call: the consultation its agent is holding it for. */
        @Nullable
        CallId consult;

        Call(CallId id, SkillId group, int priority, Instant queuedAt, long seq) {
            this.id = id;
            this.group = group;
            this.priority = priority;
            this.queuedAt = queuedAt;
            this.seq = seq;
            this.groups.add(group);
        }

        CallSnapshot snapshot() {
            return new CallSnapshot(id, group, priority, queuedAt, groups, nextOverflow, status, agent, kept);
        }
    }
}

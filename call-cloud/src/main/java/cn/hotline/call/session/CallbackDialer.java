package cn.hotline.call.session;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentState;
import cn.hotline.call.admission.Admission;
import cn.hotline.call.callback.CallbackTasks;
import cn.hotline.call.outbound.OutboundCallLog;
import cn.hotline.call.recording.CallRecordings;
import cn.hotline.call.sip.OutboundCall;
import cn.hotline.call.sip.OutboundCalls;
import cn.hotline.call.sip.OutboundOutcome;
import cn.hotline.call.sip.OutboundRequest;
import cn.hotline.call.sip.OutboundResult;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.media.port.BrowserDial;
import cn.hotline.media.port.Codec;
import cn.hotline.media.port.MediaServer;
import cn.hotline.media.port.RecordingLayout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Outbound callbacks dialled from an agent's browser ({@code dial {number, sdp, callbackTaskId?}} on the agent
 * socket). The media server answers the browser at once and offers an outside leg; the UAC calls the number with the
 * tenant's fixed caller id; when the far end answers, the legs are bridged and recorded (far end left, agent right)
 * and the agent is told ({@link Notice.Answered}); when either side hangs up or the attempt fails, everything is
 * released, the recording archived, the outbound call record ({@code CALLBACK}, direction OUTBOUND) completed, the
 * callback task (if any) gets the outcome and one more attempt, and the agent is told ({@link Notice.Ended}). The call
 * takes a place in the tenant's concurrent-call quota while it lasts.
 *
 * <p>The agent must be not ready (or in after-call work) to dial. From the moment the media server took the browser's
 * offer until the call is over the agent is {@code TALKING} on the outbound call in the ACD ({@link
 * AcdManagement#outboundStarted}), so no inbound call is offered to it, and afterwards it wraps up like after an
 * inbound call ({@link AcdManagement#outboundEnded}); the ACD's state history (and so the agent-state report) counts
 * the time.
 */
public final class CallbackDialer {

    private static final Logger log = LoggerFactory.getLogger(CallbackDialer.class);

    /** What the agent's socket hears about its outbound call. */
    public sealed interface Notice {
        TenantId tenant();

        AgentId agent();

        CallId call();

        /** The far end answered; the agent talks to it. */
        record Answered(TenantId tenant, AgentId agent, CallId call, Instant at) implements Notice {}

        /** The call is over: {@code by} far_end, agent or system; {@code outcome} of the attempt. */
        record Ended(TenantId tenant, AgentId agent, CallId call, String by, String reason, OutboundOutcome outcome)
                implements Notice {}
    }

    /** The reply to {@code dial}: the call's id and the media server's answer for the browser. */
    public record Dialing(CallId call, String sdp) {}

    private static final class Dial {
        final TenantId tenant;
        final AgentId agent;
        final CallId call;
        final UUID record;
        final @Nullable UUID task;
        final String codec;
        final Instant startedAt;
        final AtomicBoolean finished = new AtomicBoolean();
        final Disposable.Composite work = Disposables.composite();
        final Disposable.Swap attempt = Disposables.swap();
        volatile @Nullable OutboundCall far;
        volatile @Nullable Instant recordingFrom;
        volatile OutboundOutcome outcome = OutboundOutcome.CANCELLED;
        /** The ACD has the agent talking on this call; ended once in {@link #finish}. */
        final AtomicBoolean talkingInAcd = new AtomicBoolean();

        /** A kept callback the agent answered: the ACD call is ended (not an outbound call) when this is over. */
        final boolean kept;

        Dial(
                TenantId tenant,
                AgentId agent,
                CallId call,
                UUID record,
                @Nullable UUID task,
                String codec,
                Instant at,
                boolean kept) {
            this.kept = kept;
            this.tenant = tenant;
            this.agent = agent;
            this.call = call;
            this.record = record;
            this.task = task;
            this.codec = codec;
            this.startedAt = at;
            work.add(attempt);
        }
    }

    private final ObjectProvider<MediaServer> media;
    private final ObjectProvider<OutboundCalls> outbound;
    private final ExternalTransfer numbers;
    private final AcdManagement acd;
    private final Admission admission;
    private final CallbackTasks tasks;
    private final OutboundCallLog records;
    private final CallRecordings recordings;
    private final Clock clock;
    private final Map<CallId, Dial> dials = new ConcurrentHashMap<>();
    private final Map<AgentId, CallId> byAgent = new ConcurrentHashMap<>();
    private final Sinks.Many<Notice> notices = Sinks.many().multicast().directBestEffort();

    public CallbackDialer(
            ObjectProvider<MediaServer> media,
            ObjectProvider<OutboundCalls> outbound,
            ExternalTransfer numbers,
            AcdManagement acd,
            Admission admission,
            CallbackTasks tasks,
            OutboundCallLog records,
            CallRecordings recordings,
            Clock clock) {
        this.media = media;
        this.outbound = outbound;
        this.numbers = numbers;
        this.acd = acd;
        this.admission = admission;
        this.tasks = tasks;
        this.records = records;
        this.recordings = recordings;
        this.clock = clock;
    }

    /** Notices for the agents' sockets (this instance's outbound calls). */
    public Flux<Notice> notices() {
        return notices.asFlux();
    }

    /** Whether {@code call} is an outbound call of {@code agent} on this instance. */
    public boolean owns(TenantId tenant, AgentId agent, CallId call) {
        Dial dial = dials.get(call);
        return dial != null && dial.tenant.equals(tenant) && dial.agent.equals(agent);
    }

    /**
     * Whether the agent's ACD state {@code TALKING} on {@code call} means talking out: a dialled callback from the
     * start, a kept callback only once the caller picked up (before that the agent waits for the far end).
     */
    public boolean talkingOutbound(TenantId tenant, AgentId agent, CallId call) {
        Dial dial = dials.get(call);
        return dial != null
                && dial.tenant.equals(tenant)
                && dial.agent.equals(agent)
                && (!dial.kept || dial.far != null);
    }

    /**
     * Starts the call and emits the browser's answer at once; the rest follows as {@link #notices()}. Refused, with
     * nothing left behind: a number we may not call or no caller id {@code VALIDATION_FAILED}; an agent that is not
     * not-ready (or in after-call work), or already dialling, {@code ILLEGAL_TRANSITION}; an unknown task
     * {@code NOT_FOUND}, one done or held by another {@code CONFLICT}; the tenant's call limit reached
     * {@code TENANT_QUOTA_EXCEEDED}; no outbound trunk or media server {@code DEPENDENCY_DOWN}.
     */
    public Mono<Dialing> dial(TenantId tenant, AgentId agent, String number, String sdp, @Nullable UUID task) {
        return Mono.defer(() -> {
            Mono<Void> allowed = acd.agent(tenant, agent)
                    .flatMap(snapshot -> snapshot.state() instanceof AgentState.NotReady
                                    || snapshot.state() instanceof AgentState.AfterCallWork
                            ? Mono.<Void>empty()
                            : Mono.<Void>error(new ProblemException(
                                    ProblemCode.ILLEGAL_TRANSITION,
                                    "Go not ready before dialling out (agent " + agent + " is "
                                            + snapshot.state().code() + ").")))
                    .then(task == null ? Mono.<Void>empty() : tasks.dialable(tenant, task, agent.value()));
            return start(tenant, agent, CallId.random(), number, sdp, task, allowed, false);
        });
    }

    /**
     * The number an offer of a kept callback will dial (the caller reached the tenant's wait limit, hung up and kept
     * its place); empty for any other call.
     */
    public Mono<String> keptNumber(TenantId tenant, CallId call) {
        return tasks.keptNumber(tenant, call);
    }

    /**
     * The agent answered a kept callback's offer (the ACD has it {@code TALKING} on {@code call}): the call's task
     * passes from the queue to the agent and the caller is dialled as {@link #dial} does, on the call's own id; when
     * it is over the ACD ends the call (after-call work) and the task gets the outcome (a retry outcome puts it on the
     * must-call-back list). {@code CONFLICT} when the call is no kept callback any more (someone took it); when the
     * dial cannot start the ACD ends the call and the task goes back on the list.
     */
    public Mono<Dialing> dialKept(TenantId tenant, AgentId agent, CallId call, String sdp) {
        return tasks.takeKept(tenant, call, agent.value())
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.CONFLICT, "Call " + call + " is no kept callback waiting for an agent.")))
                .flatMap(kept -> start(tenant, agent, call, kept.number(), sdp, kept.task(), Mono.empty(), true)
                        .onErrorResume(error -> tasks.giveBack(tenant, kept.task(), agent.value())
                                .then(acd.hangUp(tenant, call))
                                .then(Mono.<Dialing>error(error))))
                .onErrorResume(error -> !(error instanceof ProblemException), error -> acd.hangUp(tenant, call)
                        .then(Mono.error(error)));
    }

    /**
     * The common start of a dial: {@code allowed} checks what the kind of dial needs; {@code kept} means the ACD has
     * the agent talking on {@code call} already (a kept callback it answered) rather than from this dial on.
     */
    private Mono<Dialing> start(
            TenantId tenant,
            AgentId agent,
            CallId call,
            String number,
            String sdp,
            @Nullable UUID task,
            Mono<Void> allowed,
            boolean kept) {
        return Mono.defer(() -> {
            OutboundCalls uac = outbound.getIfAvailable();
            MediaServer server = media.getIfAvailable();
            if (uac == null || !uac.available() || server == null) {
                return Mono.error(new ProblemException(
                        ProblemCode.DEPENDENCY_DOWN,
                        "Outbound calls are not available (no outbound trunk or media server configured)."));
            }
            String dialled =
                    numbers.number(new ExternalTransfer.Target(ExternalTransfer.Kind.NUMBER, number), uac.trunk());
            String callerId = numbers.callerId(tenant, null);
            Codec codec =
                    uac.trunk() == null ? Codec.PCMA : uac.trunk().codecList().getFirst();
            if (byAgent.putIfAbsent(agent, call) != null) {
                return Mono.error(new ProblemException(
                        ProblemCode.ILLEGAL_TRANSITION, "Agent " + agent + " is on an outbound call already."));
            }
            Mono<Dialing> started = allowed.then(admission.takeOutbound(tenant, call))
                    .flatMap(granted -> granted
                            ? Mono.<Void>empty()
                            : Mono.<Void>error(new ProblemException(
                                    ProblemCode.TENANT_QUOTA_EXCEEDED,
                                    "The tenant's concurrent-call limit is reached; try again later.")))
                    .then(Mono.defer(() -> server.dialFromBrowser(tenant, call, agent.value(), sdp, List.of(codec))
                            .onErrorResume(error -> admission
                                    .release(tenant, call)
                                    .onErrorResume(ignored -> Mono.empty())
                                    .then(Mono.error(new ProblemException(
                                            ProblemCode.DEPENDENCY_DOWN,
                                            "The media server could not take the browser's offer: "
                                                    + error.getMessage()))))))
                    .flatMap(legs -> {
                        UUID record = Uuids.v7();
                        Dial dial = new Dial(tenant, agent, call, record, task, codec.name(), clock.instant(), kept);
                        dials.put(call, dial);
                        Mono<Void> talking = kept ? Mono.empty() : acd.outboundStarted(tenant, agent, call);
                        return talking.then(Mono.fromRunnable(() -> dial.talkingInAcd.set(true)))
                                .then(records.started(
                                        tenant,
                                        new OutboundCallLog.Started(
                                                record,
                                                OutboundCallLog.Kind.CALLBACK,
                                                kept ? call : null,
                                                task,
                                                agent.value(),
                                                number,
                                                dialled,
                                                callerId,
                                                dial.startedAt)))
                                .then(Mono.fromRunnable(() -> place(dial, uac, server, legs, dialled, callerId)))
                                .thenReturn(new Dialing(call, legs.agent().sdpAnswer()))
                                .onErrorResume(error -> finish(dial, "system", "could not start: " + error, false)
                                        .then(Mono.error(error)));
                    });
            return started.doOnError(error -> byAgent.remove(agent, call));
        });
    }

    /** Calls the number; keeps the quota entry alive while the call lasts. */
    private void place(Dial dial, OutboundCalls uac, MediaServer server, BrowserDial legs, String number, String id) {
        Duration every = admission.callTtl().dividedBy(3);
        dial.work.add(Flux.interval(every, every)
                .onBackpressureDrop()
                .concatMap(tick -> admission.renew(dial.tenant, dial.call).onErrorResume(error -> Mono.just(false)))
                .subscribe());
        dial.attempt.update(uac.dial(new OutboundRequest(
                        dial.tenant, number, id, legs.outside().sdp()))
                .flatMap(result -> switch (result) {
                    case OutboundResult.Answered answered -> connect(dial, server, legs, answered);
                    case OutboundResult.Failed failed -> {
                        dial.outcome = failed.outcome();
                        yield records.outcome(
                                        dial.tenant,
                                        dial.record,
                                        failed.outcome().name(),
                                        failed.status(),
                                        null,
                                        failed.reason(),
                                        clock.instant())
                                .onErrorResume(error -> Mono.empty())
                                .then(finish(
                                        dial, "system", failed.outcome().name().toLowerCase(), false));
                    }
                })
                .onErrorResume(error -> {
                    log.warn("Callback {} failed: {}", dial.call, error.toString());
                    dial.outcome = OutboundOutcome.UNREACHABLE;
                    return finish(dial, "system", "failed: " + error.getMessage(), false);
                })
                .subscribe());
    }

    private Mono<Void> connect(Dial dial, MediaServer server, BrowserDial legs, OutboundResult.Answered answered) {
        OutboundCall far = answered.call();
        dial.far = far;
        dial.outcome = OutboundOutcome.ANSWERED;
        if (dial.finished.get()) {
            return far.hangUp();
        }
        dial.work.add(far.ended()
                .filter(by -> by == OutboundCall.EndedBy.FAR_END)
                .flatMap(by -> finish(dial, "far_end", "the far end hung up", true))
                .subscribe());
        return server.completeTrunk(legs.outside().leg(), answered.sdpAnswer())
                .then(server.bridge(legs.agent().leg(), legs.outside().leg()))
                .then(server.record(dial.call, RecordingLayout.STEREO_CALLER_LEFT_AGENT_RIGHT)
                        .doOnNext(handle -> dial.recordingFrom = handle.startedAt())
                        .then()
                        .onErrorResume(error -> {
                            log.warn("Callback {} not recorded: {}", dial.call, error.toString());
                            return Mono.empty();
                        }))
                .then(records.outcome(
                                dial.tenant,
                                dial.record,
                                OutboundOutcome.ANSWERED.name(),
                                200,
                                far.sipCallId(),
                                null,
                                clock.instant())
                        .onErrorResume(error -> Mono.empty()))
                .then(Mono.fromRunnable(() ->
                        notices.tryEmitNext(new Notice.Answered(dial.tenant, dial.agent, dial.call, clock.instant()))))
                .then()
                .onErrorResume(error -> {
                    log.warn("Connecting callback {} failed: {}", dial.call, error.toString());
                    return finish(dial, "system", "media failed", true);
                });
    }

    /**
     * The agent hangs up its outbound call: BYE when answered, CANCEL while ringing. {@code ILLEGAL_TRANSITION}
     * when it is not the agent's outbound call.
     */
    public Mono<Void> hangUp(TenantId tenant, AgentId agent, CallId call) {
        return Mono.defer(() -> {
            Dial dial = dials.get(call);
            if (dial == null || !dial.tenant.equals(tenant) || !dial.agent.equals(agent)) {
                return Mono.error(new ProblemException(
                        ProblemCode.ILLEGAL_TRANSITION, "Call " + call + " is not an outbound call of " + agent + "."));
            }
            OutboundCall far = dial.far;
            if (far == null) {
                // still ringing: cancelling the attempt sends CANCEL
                dial.attempt.update(Disposables.disposed());
                dial.outcome = OutboundOutcome.NO_ANSWER;
                return records.outcome(
                                tenant,
                                dial.record,
                                OutboundOutcome.CANCELLED.name(),
                                0,
                                null,
                                "the agent hung up before an answer",
                                clock.instant())
                        .onErrorResume(error -> Mono.empty())
                        .then(finish(dial, "agent", "agent hung up", false));
            }
            return far.hangUp().then(finish(dial, "agent", "agent hung up", true));
        });
    }

    /** Once: media released and the recording archived, quota, records, the callback task, the agent told. */
    private Mono<Void> finish(Dial dial, String by, String reason, boolean answered) {
        return Mono.defer(() -> {
            if (!dial.finished.compareAndSet(false, true)) {
                return Mono.empty();
            }
            Instant now = clock.instant();
            MediaServer server = media.getIfAvailable();
            Mono<Void> mediaPart = server == null
                    ? Mono.empty()
                    : server.release(dial.call)
                            .concatMap(finished -> recordings.archive(
                                    dial.tenant,
                                    finished,
                                    List.of(dial.agent.value()),
                                    dial.recordingFrom == null ? dial.startedAt : dial.recordingFrom,
                                    dial.codec))
                            .then();
            OutboundCall far = dial.far;
            Mono<Void> farPart = far == null ? Mono.empty() : far.hangUp();
            Mono<Void> endPart = answered
                    ? records.ended(dial.tenant, dial.record, "far_end".equals(by) ? "FAR_END" : "US", now)
                    : Mono.empty();
            UUID task = dial.task;
            Mono<Void> taskPart = task == null
                    ? Mono.empty()
                    : tasks.dialled(dial.tenant, task, dial.agent.value(), taskOutcome(dial.outcome))
                            .then();
            return Flux.concatDelayError(
                            farPart.onErrorResume(error -> logged("far end", dial, error)),
                            mediaPart.onErrorResume(error -> logged("media", dial, error)),
                            endPart.onErrorResume(error -> logged("record", dial, error)),
                            taskPart.onErrorResume(error -> logged("callback task", dial, error)),
                            admission
                                    .release(dial.tenant, dial.call)
                                    .onErrorResume(error -> logged("quota", dial, error)),
                            acdPart(dial).onErrorResume(error -> logged("ACD state", dial, error)))
                    .then()
                    .doFinally(signal -> {
                        // last: finish itself may run inside one of the dial's subscriptions
                        dial.work.dispose();
                        dials.remove(dial.call, dial);
                        byAgent.remove(dial.agent, dial.call);
                        notices.tryEmitNext(
                                new Notice.Ended(dial.tenant, dial.agent, dial.call, by, reason, dial.outcome));
                    });
        });
    }

    /**
     * The agent leaves the outbound call in the ACD (after-call work), if the ACD had it talking on it; a kept
     * callback's ACD call ends.
     */
    private Mono<Void> acdPart(Dial dial) {
        if (!dial.talkingInAcd.compareAndSet(true, false)) {
            return Mono.empty();
        }
        return dial.kept
                ? acd.hangUp(dial.tenant, dial.call).then()
                : acd.outboundEnded(dial.tenant, dial.agent, dial.call).then();
    }

    /** The callback task's outcome for an attempt's. */
    static String taskOutcome(OutboundOutcome outcome) {
        return switch (outcome) {
            case ANSWERED -> "REACHED";
            case BUSY -> "BUSY";
            // unreachable may be the network as well as the number: tried again, not closed as a wrong number
            case NO_ANSWER, REJECTED, CANCELLED, UNREACHABLE -> "NO_ANSWER";
        };
    }

    private static Mono<Void> logged(String part, Dial dial, Throwable error) {
        log.warn("Finishing the {} of callback {} failed: {}", part, dial.call, error.toString());
        return Mono.empty();
    }
}

package cn.hotline.call.session;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.acd.QueueLimit;
import cn.hotline.call.acd.domain.Acd;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.CallRouting;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.call.admission.Admission;
import cn.hotline.call.callback.CallbackTasks;
import cn.hotline.call.history.CallParties;
import cn.hotline.call.ivr.IvrAction;
import cn.hotline.call.ivr.IvrInput;
import cn.hotline.call.ivr.IvrSession;
import cn.hotline.call.prompt.Announcements;
import cn.hotline.call.prompt.PromptLibrary;
import cn.hotline.call.prompt.SystemPrompt;
import cn.hotline.call.recording.CallRecordings;
import cn.hotline.call.routing.CallFacts;
import cn.hotline.call.routing.CallRouter;
import cn.hotline.call.routing.RouteDecision;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.media.port.Digit;
import cn.hotline.media.port.LegId;
import cn.hotline.media.port.MediaEvent;
import cn.hotline.media.port.MediaServer;
import cn.hotline.media.port.Prompt;
import cn.hotline.media.port.RecordingLayout;
import cn.hotline.media.port.TrunkLeg;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The live inbound calls of this instance, from the INVITE to the last hang-up.
 *
 * <p>Opening one asks the media server for the trunk leg, records this instance as the call's owner in Redis ({@code
 * t:{tenant}:call:{id}:owner}, expiring) and asks the routing rules ({@link CallRouter#arrive}) what to do: a queue
 * is joined at once (so a full queue is still answered SIP 486), an IVR tree or voicemail begins when the caller's ACK
 * arrives, a rejection is answered SIP 603. The IVR ({@link IvrSession}, a pure state machine) is driven through the
 * media server: prompts from the tenant's library, key presses from {@link #digits}, timers for menus. While the call
 * waits in its queue the caller hears music on hold, and every {@code announce-every} its position and estimated wait.
 * An agent who answers with its browser's WebRTC offer ({@link #connectAgent}) gets a leg of its own, bridged to the
 * caller's, and the call is recorded (stereo, caller left, agent right). Whoever hangs up, everything is released:
 * ACD, media, quota, owner record; the recording goes to the tenant's bucket and is indexed. Voicemail records the
 * caller and owes a callback; a lost media server ends its calls, tells their agents and owes their callers a callback.
 *
 * <p>While calls live, their owner records and quota entries are renewed every third of the TTL; a crashed instance's
 * calls thus vanish from Redis after one TTL.
 */
public final class CallSessions {

    private static final Logger log = LoggerFactory.getLogger(CallSessions.class);

    /** The longest an announcement may take before the music comes back, whatever the media server reports. */
    private static final Duration ANNOUNCEMENT_LIMIT = Duration.ofSeconds(30);

    private final ObjectProvider<MediaServer> media;
    private final AcdManagement acd;
    private final Admission admission;
    private final CallRouter router;
    private final PromptLibrary prompts;
    private final LocalPrompts localPrompts;
    private final CallRecordings recordings;
    private final CallbackTasks callbacks;
    private final KeptCallbacks kept;
    private final CallParties parties;
    private final ReactiveStringRedisTemplate redis;
    private final SessionProperties properties;
    private final String instanceId;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Session> bySipCallId = new ConcurrentHashMap<>();
    private final Sinks.Many<CallNotice> notices = Sinks.many().multicast().directBestEffort();
    private final Disposable.Composite running = Disposables.composite();
    private final Transfers transfers;
    private final ConsultTalk consultTalk;
    private final Survey survey;

    private enum Phase {
        NEW,
        IVR,
        QUEUED,
        /** The caller keeps its place in the queue to be called back: it hears the confirmation and is hung up. */
        KEPT,
        VOICEMAIL,
        CONNECTED,
        ENDED
    }

    private static final class Session {
        final LiveCall call;
        final TrunkLine line;
        final Instant arrivedAt;
        final Sinks.Many<Digit> infoDigits = Sinks.many().multicast().directBestEffort();
        final AtomicBoolean ended = new AtomicBoolean();
        final AtomicBoolean confirmed = new AtomicBoolean();
        /** Everything running for the call (IVR, queue announcements, timers); disposed on release. */
        final Disposable.Composite work = Disposables.composite();
        /** The queue's music and announcements; disposed when an agent is connected. */
        final Disposable.Swap waiting = Disposables.swap();

        volatile Phase phase = Phase.NEW;
        volatile @Nullable LegId leg;
        volatile @Nullable String codec;
        volatile @Nullable IvrSession ivr;
        volatile @Nullable String group;
        volatile @Nullable AgentId agent;
        volatile @Nullable LegId agentLeg;

        /** The agent left and the caller is asked the survey; the agent was told the call ended. */
        volatile boolean surveying;

        /** Completes when the call is released (transfers out stop dialling then). */
        final Sinks.Empty<Void> over = Sinks.empty();
        /** Completes when the release is over (media released too). */
        final Sinks.Empty<Void> gone = Sinks.empty();
        /** The agent who handed the caller over to an outside party (still named on the recording). */
        volatile @Nullable AgentId handedOverBy;
        /** Hangs up the outside party the caller was handed over to; run when the call is released. */
        volatile java.util.function.@Nullable Supplier<Mono<Void>> outside;
        /** Legs the media server offered to supervisors listening to this call. */
        final java.util.Set<LegId> monitors = ConcurrentHashMap.newKeySet();
        /** Supervisors with a talking leg (WHISPER / BARGE): a new mode for them is a change, not a new leg. */
        final java.util.Set<String> talkers = ConcurrentHashMap.newKeySet();

        volatile @Nullable Instant connectedAt;
        volatile @Nullable Instant recordingFrom;
        volatile boolean voicemail;
        volatile boolean mediaLost;
        volatile Duration voicemailLength = Duration.ofMinutes(2);
        volatile CallNotice.EndedBy endedBy = CallNotice.EndedBy.CALLER;
        volatile String endReason = "caller hung up";

        Session(LiveCall call, TrunkLine line, Instant arrivedAt) {
            this.call = call;
            this.line = line;
            this.arrivedAt = arrivedAt;
            work.add(waiting);
        }

        CallFacts facts() {
            String caller = call.caller();
            return new CallFacts(
                    call.tenant(), call.called(), caller == null || caller.isBlank() ? "000" : caller, arrivedAt);
        }
    }

    public CallSessions(
            ObjectProvider<MediaServer> media,
            AcdManagement acd,
            Admission admission,
            CallRouter router,
            PromptLibrary prompts,
            CallRecordings recordings,
            CallbackTasks callbacks,
            CallParties parties,
            ReactiveStringRedisTemplate redis,
            SessionProperties properties,
            Clock clock,
            Survey survey,
            KeptCallbacks kept) {
        this.survey = survey;
        this.kept = kept;
        this.media = media;
        this.acd = acd;
        this.admission = admission;
        this.router = router;
        this.prompts = prompts;
        this.localPrompts = new LocalPrompts(properties.promptCache(), Duration.ofMinutes(5));
        this.recordings = recordings;
        this.callbacks = callbacks;
        this.parties = parties;
        this.redis = redis;
        this.properties = properties;
        this.instanceId = acd.instanceId(); // one name per instance: other instances find its address by it
        this.clock = clock;
        this.ttl = admission.callTtl();
        this.consultTalk = new ConsultTalk(this);
        this.transfers = new Transfers(this, acd);
    }

    /** Talking during consultations and three-way calls on this instance's calls. */
    ConsultTalk consultTalk() {
        return consultTalk;
    }

    /** Transfers, consultations and key presses on this instance's calls. */
    public Transfers transfers() {
        return transfers;
    }

    // ---- opening ------------------------------------------------------------------------------------------------

    /** Opens the session of an admitted call; a refusal leaves nothing behind (the quota is released too). */
    public Mono<SessionStart> open(LiveCall call, TrunkLine line) {
        Session session = new Session(call, line, clock.instant());
        if (bySipCallId.putIfAbsent(call.sipCallId(), session) != null) {
            return Mono.just(new SessionStart.Refused(SessionStart.Reason.ACD_UNAVAILABLE, "duplicate SIP Call-ID"));
        }
        MediaServer server = media.getIfAvailable();
        if (server == null) {
            return refuse(session, SessionStart.Reason.MEDIA_UNAVAILABLE, "no media server adapter configured");
        }
        return server.answerTrunk(call.tenant(), call.call(), call.sdpOffer(), call.codecs())
                .flatMap(leg -> {
                    session.leg = leg.leg();
                    session.codec = leg.codec().name();
                    return owner(call).then(route(session, leg));
                })
                .onErrorResume(error -> refuse(session, reasonOf(error), error.toString()));
    }

    private Mono<SessionStart> route(Session session, TrunkLeg leg) {
        return router.arrive(session.facts()).flatMap(decision -> switch (decision) {
            case RouteDecision.Queue queue ->
                enqueue(session, queue.group(), queue.priority())
                        .flatMap(routing -> routing instanceof CallRouting.Rejected rejected
                                ? refuse(
                                        session,
                                        SessionStart.Reason.QUEUE_FULL,
                                        rejected.reason().name())
                                : Mono.just(new SessionStart.Started(leg.sdp(), "queue " + queue.group())));
            case RouteDecision.RunIvr run -> {
                session.ivr = run.session(clock);
                session.phase = Phase.IVR;
                yield Mono.just(new SessionStart.Started(
                        leg.sdp(),
                        "ivr " + run.version().tree() + " v" + run.version().version()));
            }
            case RouteDecision.Voicemail ignored -> {
                session.phase = Phase.VOICEMAIL;
                session.voicemailLength = properties.voicemailMaxLength();
                yield Mono.just(new SessionStart.Started(leg.sdp(), "voicemail"));
            }
            case RouteDecision.Reject reject -> refuse(session, SessionStart.Reason.REJECTED, reject.reason());
        });
    }

    private Mono<CallRouting> enqueue(Session session, SkillId group, int priority) {
        session.group = group.value();
        session.phase = Phase.QUEUED;
        LiveCall call = session.call;
        return acd.callArrived(call.tenant(), call.call(), group, priority).doOnNext(routing -> {
            // the call record is folded from the ACD's decisions a moment later; the numbers join it then
            parties.note(call.tenant(), call.call(), call.caller(), call.called())
                    .onErrorResume(error -> {
                        log.warn("Numbers of call {} not on its record: {}", call.call(), error.toString());
                        return Mono.just(false);
                    })
                    .subscribe();
        });
    }

    private static SessionStart.Reason reasonOf(Throwable error) {
        return error instanceof ProblemException
                ? SessionStart.Reason.ACD_UNAVAILABLE
                : SessionStart.Reason.MEDIA_UNAVAILABLE;
    }

    private Mono<SessionStart> refuse(Session session, SessionStart.Reason reason, String detail) {
        log.info("Call {} of {} refused: {} ({})", session.call.call(), session.call.tenant(), reason, detail);
        boolean inAcd = session.phase == Phase.QUEUED && reason != SessionStart.Reason.QUEUE_FULL;
        return release(session, inAcd).thenReturn(new SessionStart.Refused(reason, detail));
    }

    /**
     * The caller's ACK for our 200 arrived: the IVR, the queue's music or the voicemail begins (once; later ACKs of
     * re-INVITEs change nothing).
     */
    public void confirmed(String sipCallId) {
        Session session = bySipCallId.get(sipCallId);
        if (session == null || session.ended.get() || !session.confirmed.compareAndSet(false, true)) {
            return;
        }
        switch (session.phase) {
            case IVR -> runIvr(session);
            case QUEUED -> startWaiting(session);
            case VOICEMAIL -> takeVoicemail(session);
            default -> {}
        }
    }

    // ---- IVR ----------------------------------------------------------------------------------------------------

    /** Feeds the IVR one input at a time (digits, prompt ends, timers) and carries out what it asks, in order. */
    private void runIvr(Session session) {
        IvrSession ivr = session.ivr;
        MediaServer server = media.getIfAvailable();
        LegId leg = session.leg;
        if (ivr == null || server == null || leg == null) {
            return;
        }
        Sinks.Many<IvrInput> inputs = Sinks.many().unicast().onBackpressureBuffer();
        Sinks.EmitFailureHandler retry = Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1));
        int[] playing = {-1};
        Disposable.Swap timer = Disposables.swap();
        session.work.add(timer);
        session.work.add(server.events()
                .filter(event -> event instanceof MediaEvent.PlaybackFinished finished
                        && finished.leg().equals(leg))
                .subscribe(event -> {
                    int id;
                    synchronized (playing) {
                        id = playing[0];
                        playing[0] = -1;
                    }
                    if (id >= 0) {
                        inputs.emitNext(new IvrInput.PromptFinished(id), retry);
                    }
                }));
        session.work.add(digits(session.call.call())
                .subscribe(digit -> inputs.emitNext(new IvrInput.Digit(digit.key()), retry)));
        session.work.add(inputs.asFlux()
                .concatMap(input -> {
                    if (session.phase != Phase.IVR) {
                        return Flux.empty();
                    }
                    List<IvrAction> actions;
                    try {
                        actions = ivr.on(input);
                    } catch (RuntimeException e) {
                        log.warn("IVR of call {} refused {}: {}", session.call.call(), input, e.toString());
                        return Flux.empty();
                    }
                    return Flux.fromIterable(actions).concatMap(action -> switch (action) {
                        case IvrAction.Play play ->
                            prompts.resolve(session.call.tenant(), play.prompts())
                                    .flatMap(localPrompts::local)
                                    .flatMap(prompt -> {
                                        synchronized (playing) {
                                            playing[0] = play.id();
                                        }
                                        return server.play(leg, prompt);
                                    })
                                    .onErrorResume(error -> {
                                        // a prompt that cannot play must not strand the caller: go on as if heard
                                        log.warn(
                                                "Prompt {} of call {} failed: {}",
                                                play.prompts(),
                                                session.call.call(),
                                                error.toString());
                                        inputs.emitNext(new IvrInput.PromptFinished(play.id()), retry);
                                        return Mono.empty();
                                    });
                        case IvrAction.StopPlaying ignored -> {
                            synchronized (playing) {
                                playing[0] = -1;
                            }
                            yield server.stopPlaying(leg).onErrorResume(error -> Mono.empty());
                        }
                        case IvrAction.CollectDigit collect -> {
                            timer.update(Mono.delay(collect.timeout())
                                    .subscribe(tick -> inputs.emitNext(new IvrInput.Timeout(collect.id()), retry)));
                            yield Mono.<Void>empty();
                        }
                        case IvrAction.QueueCall queue -> afterIvr(session, queue);
                        case IvrAction.TakeVoicemail voicemail -> {
                            session.voicemailLength = voicemail.maxLength();
                            session.phase = Phase.VOICEMAIL;
                            takeVoicemail(session);
                            yield Mono.<Void>empty();
                        }
                        case IvrAction.HangUp hangUp -> endBySystem(session, hangUp.reason());
                        case IvrAction.SurveyAnswered score -> {
                            log.info("Call {} survey score {}", session.call.call(), score.score());
                            yield Mono.<Void>empty();
                        }
                        case IvrAction.SurveyUnanswered ignored -> Mono.<Void>empty();
                    });
                })
                .onErrorResume(error -> {
                    log.warn("IVR of call {} failed: {}", session.call.call(), error.toString());
                    return endBySystem(session, "ivr failed");
                })
                .subscribe());
        inputs.emitNext(new IvrInput.Started(), retry);
    }

    private Mono<Void> afterIvr(Session session, IvrAction.QueueCall queue) {
        return router.afterIvr(session.facts(), queue).flatMap(decision -> switch (decision) {
            case RouteDecision.Queue q ->
                enqueue(session, q.group(), q.priority()).flatMap(routing -> {
                    if (routing instanceof CallRouting.Rejected rejected) {
                        return endBySystem(session, "queue full: " + rejected.reason());
                    }
                    startWaiting(session);
                    return Mono.<Void>empty();
                });
            case RouteDecision.Voicemail ignored -> {
                session.phase = Phase.VOICEMAIL;
                session.voicemailLength = properties.voicemailMaxLength();
                takeVoicemail(session);
                yield Mono.<Void>empty();
            }
            case RouteDecision.Reject reject -> endBySystem(session, "rejected: " + reject.reason());
            case RouteDecision.RunIvr ignored -> endBySystem(session, "routing asked for a second IVR");
        });
    }

    // ---- queue --------------------------------------------------------------------------------------------------

    /**
     * Music on hold while the call waits, and every {@code announce-every} (or the tenant's own {@code
     * announceEverySeconds}, none with {@code announcePosition} false) its position and estimated wait
     * ({@link AcdManagement#position}), then the music again. Ends when the call is connected or released.
     */
    private void waitInQueue(Session session) {
        MediaServer server = media.getIfAvailable();
        LegId leg = session.leg;
        if (server == null || leg == null || session.phase != Phase.QUEUED) {
            return;
        }
        TenantId tenant = session.call.tenant();
        Mono<Void> music = prompts.musicOnHold(tenant)
                .flatMap(localPrompts::local)
                .flatMap(prompt -> server.play(leg, prompt))
                .onErrorResume(error -> {
                    log.warn("Music on hold for call {} failed: {}", session.call.call(), error.toString());
                    return Mono.empty();
                });
        Flux<Void> announcements = announceEvery(tenant)
                .flatMapMany(every -> every.isZero()
                        ? Flux.empty()
                        : Flux.interval(every, every).onBackpressureDrop().concatMap(tick -> acd.position(
                                        tenant, session.call.call())
                                .flatMap(position -> {
                                    List<SystemPrompt> words = new ArrayList<>(
                                            Announcements.position(Math.max(0, position.position() - 1)));
                                    if (position.estimatedWait() != null) {
                                        words.addAll(Announcements.estimatedWait(position.estimatedWait()));
                                    }
                                    return prompts.announcement(words);
                                })
                                .flatMap(localPrompts::local)
                                .flatMap(prompt -> playedThrough(server, leg, prompt, ANNOUNCEMENT_LIMIT)
                                        .then(session.phase == Phase.QUEUED ? music : Mono.empty()))
                                .onErrorResume(error -> {
                                    log.warn(
                                            "Announcement for call {} failed: {}",
                                            session.call.call(),
                                            error.toString());
                                    return Mono.empty();
                                })));
        session.waiting.update(music.thenMany(announcements).subscribe());
    }

    /** The call starts waiting: music and announcements, and the tenant's wait limit from now on. */
    private void startWaiting(Session session) {
        waitInQueue(session);
        session.work.add(QueueLimits.reached(acd, session.call.tenant())
                .flatMap(action -> atQueueLimit(session, action))
                .subscribe());
    }

    /**
     * The tenant's announcement interval from its ACD settings ({@code announcePosition} false: zero, music only),
     * else the platform's {@code announce-every}; the platform's too when the settings cannot be read (logged).
     */
    private Mono<Duration> announceEvery(TenantId tenant) {
        return acd.queueAnnouncements(tenant)
                .map(own -> own.map(cn.hotline.call.acd.QueueAnnouncements::interval)
                        .orElse(properties.announceEvery()))
                .onErrorResume(error -> {
                    log.warn(
                            "Queue announcements of tenant {} not read, platform interval used: {}",
                            tenant,
                            error.toString());
                    return Mono.just(properties.announceEvery());
                });
    }

    // ---- the tenant's wait limit (QueueLimit) --------------------------------------------------------------------

    /** How soon the limit is tried again when it found the call ringing at an agent (that ring may time out). */
    private static final Duration LIMIT_RETRY = Duration.ofSeconds(10);

    /** The first key of the caller's answer to the limit's question must come within this after the question. */
    private static final Duration CHOICE_TIMEOUT = Duration.ofSeconds(8);

    /**
     * The caller has waited the tenant's limit: VOICEMAIL takes a message, CALLBACK keeps its place and hangs up,
     * CHOICE asks (1 callback, 2 voicemail, any other key or none: waits on). A call ringing at an agent at that
     * moment is left to the agent; the limit is tried again {@link #LIMIT_RETRY} later while the call still waits.
     */
    private Mono<Void> atQueueLimit(Session session, QueueLimit.Action action) {
        return Mono.defer(() -> {
                    if (session.phase != Phase.QUEUED || session.ended.get()) {
                        return Mono.<Void>empty();
                    }
                    Mono<Boolean> applied =
                            switch (action) {
                                case VOICEMAIL -> toVoicemail(session);
                                case CALLBACK -> keepForCallback(session);
                                case CHOICE -> ask(session);
                            };
                    return applied.flatMap(done ->
                            done ? Mono.<Void>empty() : Mono.delay(LIMIT_RETRY).then(atQueueLimit(session, action)));
                })
                .onErrorResume(error -> {
                    log.warn("Queue limit of call {} not applied: {}", session.call.call(), error.toString());
                    return Mono.empty();
                });
    }

    /** The call leaves the queue (not an abandon) and the caller is asked for a message; false when not waiting. */
    private Mono<Boolean> toVoicemail(Session session) {
        LiveCall call = session.call;
        return acd.leaveQueue(call.tenant(), call.call(), Acd.LeaveReason.VOICEMAIL)
                .flatMap(left -> {
                    if (!left || session.phase != Phase.QUEUED || session.ended.get()) {
                        return Mono.just(left);
                    }
                    session.phase = Phase.VOICEMAIL;
                    session.voicemail = true; // owed a callback even if it hangs up during the invitation
                    session.waiting.update(Disposables.disposed());
                    session.work.add(say(session, SystemPrompt.VOICEMAIL_INVITE)
                            .then(Mono.fromRunnable(() -> {
                                session.voicemailLength = properties.voicemailMaxLength();
                                takeVoicemail(session);
                            }))
                            .subscribe());
                    return Mono.just(true);
                });
    }

    /**
     * The call keeps its place in the queue while the caller hangs up: a {@code QUEUE_CALLBACK} task held by the
     * queue, the ACD told (its call stays queued), the caller hears the confirmation and is hung up. Whoever the call is
     * then offered to dials the caller ({@link CallbackDialer#dialKept}). False when the call is not waiting.
     */
    private Mono<Boolean> keepForCallback(Session session) {
        LiveCall call = session.call;
        String number = call.caller();
        if (number == null || number.isBlank()) {
            return toVoicemail(session); // a withheld number cannot be called back
        }
        return callbacks
                .keep(call.tenant(), call.call(), session.group, session.arrivedAt)
                .flatMap(created -> !created
                        ? Mono.just(Boolean.TRUE) // the call is owed a callback already: it just waits on
                        : kept.remember(call.tenant(), call.call(), number)
                                .then(acd.leaveQueue(call.tenant(), call.call(), Acd.LeaveReason.CALLBACK))
                                .flatMap(inQueue -> {
                                    if (!inQueue) {
                                        return callbacks
                                                .unkeep(call.tenant(), call.call())
                                                .then(kept.forget(call.tenant(), call.call()))
                                                .thenReturn(false);
                                    }
                                    session.phase = Phase.KEPT;
                                    session.waiting.update(Disposables.disposed());
                                    session.work.add(say(session, SystemPrompt.CALLBACK_KEPT)
                                            .subscribe(null, null, () -> {
                                                if (session.ended.get()) {
                                                    return;
                                                }
                                                session.endedBy = CallNotice.EndedBy.SYSTEM;
                                                session.endReason = "callback kept";
                                                session.line.hangUp("callback kept");
                                                // not inside the call's work: the release disposes that first
                                                release(session, false)
                                                        .subscribe(
                                                                null,
                                                                error -> log.warn(
                                                                        "Release of kept call {} failed: {}",
                                                                        call.call(),
                                                                        error.toString()));
                                            }));
                                    return Mono.just(true);
                                }));
    }

    /**
     * CHOICE: the caller hears the question instead of the music and keys 1 (callback) or 2 (voicemail), during it
     * or within {@link #CHOICE_TIMEOUT} after it; with another key or none the music comes back and the caller waits
     * on.
     * Runs as the call's waiting, so an agent answering meanwhile stops it.
     */
    private Mono<Boolean> ask(Session session) {
        // listening from the start: a caller who knows the menu may key during the question
        Mono<Character> key = digits(session.call.call()).map(Digit::key).next().cache();
        Disposable listening = key.subscribe(ignored -> {}, error -> {});
        // a key during the question answers at once; otherwise CHOICE_TIMEOUT after it
        Mono<Character> chosenKey = Mono.firstWithSignal(
                key,
                say(session, SystemPrompt.QUEUE_CHOICE)
                        .then(Mono.delay(CHOICE_TIMEOUT))
                        .then(Mono.empty()));
        Mono<Void> asked = chosenKey
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(answer -> {
                    char chosen = answer.orElse(' ');
                    Mono<Boolean> done = chosen == '1'
                            ? keepForCallback(session)
                            : chosen == '2' ? toVoicemail(session) : Mono.just(false);
                    return done.doOnNext(applied -> {
                        if (!applied && session.phase == Phase.QUEUED && !session.ended.get()) {
                            waitInQueue(session);
                        }
                    });
                })
                .doFinally(signal -> listening.dispose())
                .then();
        session.waiting.update(asked.subscribe(
                ignored -> {},
                error -> log.warn("Queue choice of call {} failed: {}", session.call.call(), error.toString())));
        return Mono.just(true);
    }

    /** Plays a system prompt to the caller instead of what it hears now; completes when it has been played. */
    private Mono<Void> say(Session session, SystemPrompt what) {
        MediaServer server = media.getIfAvailable();
        LegId leg = session.leg;
        if (server == null || leg == null) {
            return Mono.empty();
        }
        return server.stopPlaying(leg)
                .onErrorResume(error -> Mono.empty())
                .then(prompts.announcement(List.of(what)))
                .flatMap(localPrompts::local)
                .flatMap(prompt -> playedThrough(server, leg, prompt, ANNOUNCEMENT_LIMIT))
                .onErrorResume(error -> {
                    log.warn("Prompt {} for call {} failed: {}", what, session.call.call(), error.toString());
                    return Mono.empty();
                });
    }

    /** Plays {@code prompt} on {@code leg}; completes once the media server reports it finished, at most {@code limit}. */
    private static Mono<Void> playedThrough(MediaServer server, LegId leg, Prompt prompt, Duration limit) {
        return Mono.when(
                server.events()
                        .filter(event -> event instanceof MediaEvent.PlaybackFinished finished
                                && finished.leg().equals(leg))
                        .next()
                        .timeout(limit, Mono.empty()),
                server.play(leg, prompt));
    }

    // ---- voicemail ----------------------------------------------------------------------------------------------

    /** Records the caller for at most the voicemail length; the call then ends and the caller is owed a callback. */
    private void takeVoicemail(Session session) {
        MediaServer server = media.getIfAvailable();
        if (server == null || session.leg == null || session.ended.get()) {
            return;
        }
        session.voicemail = true;
        session.recordingFrom = clock.instant();
        session.work.add(server.record(session.call.call(), RecordingLayout.STEREO_CALLER_LEFT_AGENT_RIGHT)
                .then(Mono.delay(session.voicemailLength))
                .then(Mono.defer(() -> endBySystem(session, "voicemail complete")))
                .onErrorResume(error -> {
                    log.warn("Voicemail of call {} failed: {}", session.call.call(), error.toString());
                    return endBySystem(session, "voicemail failed");
                })
                .subscribe());
    }

    // ---- the agent ----------------------------------------------------------------------------------------------

    /**
     * The agent answered (the ACD already moved it to talking) with its browser's WebRTC offer: the agent's leg is
     * attached, the caller's music stops, both legs are bridged and recording starts. Emits the media server's SDP
     * answer for the browser. A call that does not live on this instance, or belongs to another tenant: {@code
     * NOT_FOUND}; one already connected: {@code ILLEGAL_TRANSITION}. When the media fails the call is ended.
     */
    public Mono<String> connectAgent(TenantId tenant, AgentId agent, CallId call, String browserOffer) {
        return Mono.defer(() -> {
            Session session = find(call)
                    .filter(found -> found.call.tenant().equals(tenant))
                    .orElse(null);
            MediaServer server = media.getIfAvailable();
            if (session == null || server == null || session.leg == null || session.ended.get()) {
                return Mono.error(
                        new ProblemException(ProblemCode.NOT_FOUND, "Call " + call + " is not live on this instance."));
            }
            if (session.phase == Phase.CONNECTED) {
                return Mono.error(
                        new ProblemException(ProblemCode.ILLEGAL_TRANSITION, "Call " + call + " is connected."));
            }
            LegId trunk = session.leg;
            session.phase = Phase.CONNECTED;
            session.agent = agent;
            session.waiting.update(Disposables.disposed());
            return server.attachAgent(tenant, call, agent.value(), browserOffer)
                    .flatMap(leg -> {
                        session.agentLeg = leg.leg();
                        return server.stopPlaying(trunk)
                                .onErrorResume(error -> Mono.empty())
                                .then(server.bridge(trunk, leg.leg()))
                                .then(
                                        session.recordingFrom != null
                                                ? Mono.<Void>empty() // transferred: the call's recording goes on
                                                : server.record(call, RecordingLayout.STEREO_CALLER_LEFT_AGENT_RIGHT)
                                                        .doOnNext(handle -> {
                                                            session.connectedAt = clock.instant();
                                                            session.recordingFrom = handle.startedAt();
                                                        })
                                                        .then())
                                .thenReturn(leg.sdpAnswer());
                    })
                    .onErrorResume(error -> {
                        log.warn("Connecting agent {} to call {} failed: {}", agent, call, error.toString());
                        session.endedBy = CallNotice.EndedBy.SYSTEM;
                        session.endReason = "media failed";
                        session.line.hangUp("media failed");
                        return release(session, true)
                                .then(Mono.error(new ProblemException(
                                        ProblemCode.DEPENDENCY_DOWN,
                                        "The media server could not connect the call; it has ended.")));
                    });
        });
    }

    /**
     * The agent's browser dropped and comes back to the call it is still talking on (page reload, network change): a
     * new leg from its new offer, bridged to the caller in place of the old one; the call and its recording go on.
     */
    public Mono<String> rejoinAgent(TenantId tenant, AgentId agent, CallId call, String browserOffer) {
        return connected(tenant, agent, call).flatMap(session -> {
            LegId trunk = java.util.Objects.requireNonNull(session.leg);
            return server().attachAgent(tenant, call, agent.value(), browserOffer)
                    .flatMap(leg -> server().stopPlaying(trunk) // music left from a cancelled consultation
                            .onErrorResume(error -> Mono.empty())
                            .then(server().bridge(trunk, leg.leg()))
                            .doOnSuccess(ignored -> session.agentLeg = leg.leg())
                            .thenReturn(leg.sdpAnswer()));
        });
    }

    // ---- an agent whose socket dropped mid-call (AgentRejoin) ---------------------------------------------------

    /** The agent's socket dropped: the caller hears music on hold, the agent's old leg hears nothing; recording goes on. */
    Mono<Void> holdForAbsentAgent(TenantId tenant, AgentId agent, CallId call) {
        return connected(tenant, agent, call).flatMap(session -> prompts.musicOnHold(tenant)
                .flatMap(localPrompts::local)
                .flatMap(music -> server().hold(java.util.Objects.requireNonNull(session.leg), music)));
    }

    /**
     * A new leg for the agent from its new browser's offer, in place of the old one. {@code bridge}: joined to the
     * caller at once (the call was talking); {@code resume}: the caller was on music because the agent was away, so
     * the music stops and the caller is heard again. Emits the SDP answer for the browser.
     */
    Mono<String> reattachAgent(
            TenantId tenant, AgentId agent, CallId call, String browserOffer, boolean bridge, boolean resume) {
        return connected(tenant, agent, call).flatMap(session -> {
            LegId trunk = java.util.Objects.requireNonNull(session.leg);
            return server().attachAgent(tenant, call, agent.value(), browserOffer)
                    .flatMap(leg -> {
                        session.agentLeg = leg.leg();
                        Mono<Void> joined = bridge ? server().bridge(trunk, leg.leg()) : Mono.empty();
                        Mono<Void> resumed = resume ? server().retrieve(trunk) : Mono.empty();
                        return joined.then(resumed).thenReturn(leg.sdpAnswer());
                    });
        });
    }

    /**
     * The agent did not come back in time: the caller is owed a callback ({@code reason}) and the call ends by the
     * system with that reason. Emits false when the call is no longer connected to that agent here (nothing done).
     */
    Mono<Boolean> endForAbsentAgent(TenantId tenant, AgentId agent, CallId call, CallbackTasks.Reason reason) {
        return connected(tenant, agent, call)
                .flatMap(session -> callbacks
                        .owe(tenant, call, reason, session.group, session.arrivedAt)
                        .onErrorResume(error -> {
                            log.warn("No callback task for call {}: {}", call, error.toString());
                            return Mono.just(false);
                        })
                        .then(endBySystem(session, reason.name()))
                        .thenReturn(true))
                .onErrorResume(ProblemException.class, e -> Mono.just(false));
    }

    /**
     * The agent hung up (the ACD already ended the call): BYE to the caller and release the rest — unless the tenant
     * has the post-call survey on: then the caller is asked it first ({@link #survey}).
     */
    public Mono<Void> agentHungUp(TenantId tenant, CallId call) {
        return Mono.justOrEmpty(find(call))
                .filter(session -> session.call.tenant().equals(tenant))
                .flatMap(session -> {
                    session.endedBy = CallNotice.EndedBy.AGENT;
                    session.endReason = "agent hung up";
                    return survey.settings(tenant)
                            .onErrorResume(error -> {
                                log.warn("No survey for call {}: {}", call, error.toString());
                                return Mono.just(Survey.Settings.off());
                            })
                            .flatMap(settings -> {
                                if (settings.enabled() && session.leg != null && !session.ended.get()) {
                                    survey(session, settings);
                                    return Mono.<Void>empty();
                                }
                                session.line.hangUp("agent hung up");
                                return release(session, false);
                            });
                });
    }

    /**
     * The post-call survey: the agent is told the call ended; the caller (cut off from the agent's leg) hears the
     * survey prompt and has the tenant's timeout from its start to press a key; a key with a score is recorded
     * ({@code SurveyAnswered}); then BYE and release. Runs on its own: the agent's hang-up does not wait for it, and a
     * caller hanging up meanwhile releases the call as usual.
     */
    private void survey(Session session, Survey.Settings settings) {
        LiveCall call = session.call;
        LegId trunk = java.util.Objects.requireNonNull(session.leg);
        session.surveying = true;
        AgentId agent = session.agent;
        if (agent != null) {
            notices.tryEmitNext(new CallNotice.CallEnded(
                    call.tenant(), call.call(), agent, CallNotice.EndedBy.AGENT, "agent hung up"));
        }
        session.waiting.update(Disposables.disposed());
        Mono<Integer> answer = digits(call.call())
                .concatMap(digit -> Mono.justOrEmpty(settings.score(digit.key())))
                .next()
                .timeout(settings.timeout(), Mono.empty());
        Mono<Void> ask = survey.prompt(call.tenant(), settings)
                .flatMap(localPrompts::local)
                .flatMap(prompt -> server().hold(trunk, prompt))
                .onErrorResume(error -> {
                    log.warn("Survey prompt for call {} failed: {}", call.call(), error.toString());
                    return Mono.empty();
                });
        Mono.when(ask)
                .then(Mono.defer(() -> answer))
                .flatMap(score -> survey.answered(call.tenant(), call.call(), score)
                        .onErrorResume(error -> logged("survey answer", call, error)))
                .then(Mono.defer(() -> {
                    if (session.ended.get()) {
                        return Mono.<Void>empty();
                    }
                    session.line.hangUp("survey done");
                    return release(session, false);
                }))
                .subscribe(
                        ignored -> {},
                        error -> log.warn("Survey of call {} failed: {}", call.call(), error.toString()));
    }

    /** Puts the connected caller on hold (music, the agent no longer hears it); the ACD's state first. */
    public Mono<Void> hold(TenantId tenant, AgentId agent, CallId call) {
        return connected(tenant, agent, call)
                .flatMap(session -> consultTalk.mixed(call)
                        ? Mono.error(new ProblemException(
                                ProblemCode.CONFLICT,
                                "Call " + call + " is mixed in a conference; holding it there is not supported yet."))
                        : acd.hold(tenant, agent, call)
                                .then(prompts.musicOnHold(tenant))
                                .flatMap(localPrompts::local)
                                .flatMap(music -> server().hold(session.leg, music)));
    }

    /** Takes the caller off hold; the bridge to the agent comes back. */
    public Mono<Void> retrieve(TenantId tenant, AgentId agent, CallId call) {
        return connected(tenant, agent, call).flatMap(session -> {
            if (consultTalk.of(tenant, call).isPresent()) {
                return Mono.error(new ProblemException(
                        ProblemCode.CONFLICT,
                        "Call " + call + " has a consultation with audio: conference, complete or cancel it."));
            }
            LegId trunk = java.util.Objects.requireNonNull(session.leg);
            LegId agentLeg = java.util.Objects.requireNonNull(session.agentLeg);
            return acd.retrieve(tenant, agent, call)
                    .then(
                            consultTalk.mixed(call)
                                    ? consultTalk.retrieve(call, trunk, agentLeg)
                                    : server().retrieve(trunk));
        });
    }

    MediaServer mediaServer() {
        return server();
    }

    /** The trunk leg and the connected agent's leg of a call connected here with audio (for {@link ConsultTalk}). */
    Optional<ConsultTalk.Legs> connectedLegs(TenantId tenant, CallId call) {
        return find(call)
                .filter(session -> session.call.tenant().equals(tenant) && session.phase == Phase.CONNECTED)
                .flatMap(session -> {
                    LegId trunk = session.leg;
                    AgentId agent = session.agent;
                    LegId agentLeg = session.agentLeg;
                    return trunk == null || agent == null || agentLeg == null
                            ? Optional.empty()
                            : Optional.of(new ConsultTalk.Legs(trunk, agent, agentLeg));
                });
    }

    /** The call's agent is now {@code agent} on {@code agentLeg} (a consultation with audio completed). */
    void handOver(TenantId tenant, CallId call, AgentId agent, LegId agentLeg) {
        find(call).filter(session -> session.call.tenant().equals(tenant)).ifPresent(session -> {
            session.agent = agent;
            session.agentLeg = agentLeg;
        });
    }

    /** Pushes a notice to an agent's socket. */
    void tell(CallNotice notice) {
        notices.tryEmitNext(notice);
    }

    private MediaServer server() {
        MediaServer server = media.getIfAvailable();
        if (server == null) {
            throw new ProblemException(ProblemCode.DEPENDENCY_DOWN, "No media server is configured.");
        }
        return server;
    }

    private Mono<Session> connected(TenantId tenant, AgentId agent, CallId call) {
        return Mono.defer(() -> Mono.justOrEmpty(find(call)
                        .filter(session -> session.call.tenant().equals(tenant)
                                && session.phase == Phase.CONNECTED
                                && agent.equals(session.agent)
                                && session.agentLeg != null)))
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.ILLEGAL_TRANSITION,
                        "Call " + call + " is not connected to agent " + agent + " on this instance.")));
    }

    /**
     * A supervisor joins the connected call: the media server offers one leg per party heard (rtpengine: caller and
     * agent, receive-only); the supervisor's browser answers each through {@link #completeMonitor}. The caller must
     * have audited the join first. Modes the media server cannot do fail with its {@code UNSUPPORTED}.
     */
    public Flux<cn.hotline.media.port.MonitorLeg> monitor(
            TenantId tenant, CallId call, String supervisor, cn.hotline.media.port.MonitorMode mode) {
        return Mono.justOrEmpty(find(call)
                        .filter(session -> session.call.tenant().equals(tenant) && session.phase == Phase.CONNECTED))
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.NOT_FOUND, "Call " + call + " is not connected to an agent on this instance.")))
                .flatMapMany(session -> session.talkers.contains(supervisor)
                        ? server().changeMonitor(call, supervisor, mode)
                                .thenMany(Flux.<cn.hotline.media.port.MonitorLeg>empty())
                        : server().offerMonitor(tenant, call, supervisor, mode).doOnNext(leg -> {
                            session.monitors.add(leg.leg());
                            if (mode != cn.hotline.media.port.MonitorMode.LISTEN) {
                                session.talkers.add(supervisor);
                            }
                        }))
                .onErrorMap(MediaProblems::toProblem);
    }

    // ---- three-way (the mixer, ADR 0005) ------------------------------------------------------------------------

    /**
     * A further browser leg in the connected call (e.g. the target agent of a consult), silent both ways until
     * {@link #conference}; the answer goes back to that browser.
     */
    public Mono<cn.hotline.media.port.AgentLeg> attachParticipant(
            TenantId tenant, CallId call, String who, String webRtcOffer) {
        return connectedCall(tenant, call)
                .flatMap(session -> server().attachParticipant(tenant, call, who, webRtcOffer))
                .onErrorMap(MediaProblems::toProblem);
    }

    /** Three-way: caller, the connected agent and {@code thirdLeg} (from {@link #attachParticipant}) all hear each other. */
    public Mono<Void> conference(TenantId tenant, CallId call, LegId thirdLeg) {
        return connectedCall(tenant, call)
                .flatMap(session -> {
                    LegId caller = session.leg;
                    LegId agentLeg = session.agentLeg;
                    if (caller == null || agentLeg == null) {
                        return Mono.error(new ProblemException(
                                ProblemCode.ILLEGAL_TRANSITION, "Call " + call + " has no caller and agent to mix."));
                    }
                    return server().conference(call, List.of(caller, agentLeg, thirdLeg));
                })
                .onErrorMap(MediaProblems::toProblem);
    }

    private Mono<Session> connectedCall(TenantId tenant, CallId call) {
        return Mono.defer(() -> Mono.justOrEmpty(find(call)
                        .filter(session -> session.call.tenant().equals(tenant) && session.phase == Phase.CONNECTED)))
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.NOT_FOUND, "Call " + call + " is not connected to an agent on this instance.")));
    }

    /** The supervisor's browser answer for a leg {@link #monitor} offered on this call. */
    public Mono<Void> completeMonitor(TenantId tenant, CallId call, LegId leg, String sdpAnswer) {
        return Mono.justOrEmpty(find(call)
                        .filter(session -> session.call.tenant().equals(tenant) && session.monitors.contains(leg)))
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.NOT_FOUND, "No monitoring leg " + leg + " on call " + call + ".")))
                .flatMap(session -> server().completeMonitor(leg, sdpAnswer));
    }

    // ---- transfers and consultations (hooks for Transfers) ------------------------------------------------------

    /**
     * Blind transfer, media side (the ACD already moved the call): the caller hears music and waits for the next
     * agent, whose answer attaches its leg in place of the old one ({@link #connectAgent}). Nothing to do for a call
     * that is not connected with audio on this instance.
     */
    Mono<Void> transferredAway(TenantId tenant, AgentId agent, CallId call) {
        return Mono.justOrEmpty(find(call)
                        .filter(session -> session.call.tenant().equals(tenant)
                                && session.phase == Phase.CONNECTED
                                && agent.equals(session.agent)))
                .flatMap(session -> {
                    session.phase = Phase.QUEUED;
                    session.agent = null;
                    session.agentLeg = null;
                    return holdCaller(session);
                });
    }

    /** The caller of a connected call hears music while its agent consults (ACD state already changed). */
    Mono<Void> holdForConsult(TenantId tenant, AgentId agent, CallId call) {
        return Mono.justOrEmpty(find(call)
                        .filter(session -> session.call.tenant().equals(tenant)
                                && session.phase == Phase.CONNECTED
                                && agent.equals(session.agent)
                                && session.agentLeg != null))
                .flatMap(this::holdCaller);
    }

    /** The consulted agent has the caller now: off hold, bridged to whichever agent leg is attached. */
    Mono<Void> consultCompleted(TenantId tenant, CallId call, AgentId target) {
        return consultTalk
                .completed(tenant, call)
                .flatMap(done -> done ? Mono.<Void>empty() : consultCompletedWithoutTalk(tenant, call, target));
    }

    private Mono<Void> consultCompletedWithoutTalk(TenantId tenant, CallId call, AgentId target) {
        return Mono.justOrEmpty(
                        find(call).filter(session -> session.call.tenant().equals(tenant)))
                .flatMap(session -> {
                    session.agent = target;
                    if (session.phase != Phase.CONNECTED || session.leg == null) {
                        return Mono.<Void>empty();
                    }
                    return server().retrieve(session.leg);
                });
    }

    /**
     * The consultation was cancelled: the caller is retrieved to its agent. If the consulted agent's browser had taken
     * the agent side, the caller keeps hearing music until the agent's browser rejoins ({@code answer} with a new
     * offer, {@link #rejoinAgent}), which bridges it again.
     */
    Mono<Void> consultCancelled(TenantId tenant, CallId call) {
        return consultTalk
                .consultedLeft(tenant, call, true)
                .flatMap(done -> done ? Mono.<Void>empty() : consultCancelledWithoutTalk(tenant, call));
    }

    private Mono<Void> consultCancelledWithoutTalk(TenantId tenant, CallId call) {
        return Mono.justOrEmpty(
                        find(call).filter(session -> session.call.tenant().equals(tenant)))
                .flatMap(session -> {
                    if (session.phase != Phase.CONNECTED || session.leg == null) {
                        return Mono.<Void>empty();
                    }
                    return server().retrieve(session.leg);
                });
    }

    /** Sends key presses to the caller's trunk leg (RFC 4733). */
    Mono<Void> sendDigits(TenantId tenant, CallId call, String digits) {
        return Mono.justOrEmpty(
                        find(call).filter(session -> session.call.tenant().equals(tenant) && session.leg != null))
                .switchIfEmpty(Mono.error(() ->
                        new ProblemException(ProblemCode.NOT_FOUND, "Call " + call + " is not live on this instance.")))
                .flatMap(session -> server().sendDtmf(java.util.Objects.requireNonNull(session.leg), digits));
    }

    private Mono<Void> holdCaller(Session session) {
        LegId trunk = session.leg;
        if (trunk == null) {
            return Mono.empty();
        }
        return prompts.musicOnHold(session.call.tenant())
                .flatMap(localPrompts::local)
                .flatMap(music -> server().hold(trunk, music));
    }

    /** Hang-ups and lost media of calls, for the connected agents' sockets (this instance's calls only). */
    public Flux<CallNotice> notices() {
        return notices.asFlux();
    }

    // ---- announcements before a refusal -------------------------------------------------------------------------

    /**
     * Early media for a call that will be refused: a trunk leg of its own, {@code earlyMedia} sends its SDP answer
     * (SIP 183), the prompt plays until the media server reports it finished (at most {@code limit}), then the leg is
     * released. Emits whether the caller heard it; without a media server, or when it fails, nothing was played and
     * the call is refused at once.
     */
    public Mono<Boolean> announce(
            TenantId tenant,
            String sdpOffer,
            List<cn.hotline.media.port.Codec> codecs,
            Prompt prompt,
            Duration limit,
            java.util.function.Function<String, Mono<Void>> earlyMedia) {
        MediaServer server = media.getIfAvailable();
        if (server == null) {
            return Mono.just(false);
        }
        CallId call = CallId.random();
        Mono<Boolean> releaseQuietly =
                server.release(call).then().onErrorResume(error -> Mono.empty()).thenReturn(false);
        return server.answerTrunk(tenant, call, sdpOffer, codecs)
                .flatMap(leg -> earlyMedia
                        .apply(leg.sdp())
                        .then(playedThrough(server, leg.leg(), prompt, limit))
                        .then(server.release(call).then())
                        .thenReturn(true))
                .onErrorResume(error -> {
                    log.warn("Announcement for a refused call of {} failed: {}", tenant, error.toString());
                    return releaseQuietly;
                });
    }

    /**
     * {@link #announce} for a call refused at admission ({@code tenant} null when no tenant owns the number): the
     * tenant's own prompt for {@code kind} when its library has one, else {@code platformFile} when set, else the
     * platform's {@code sys.*} prompt. Emits whether it was played; never fails (the refusal goes on regardless).
     */
    public Mono<Boolean> announceRefusal(
            @Nullable TenantId tenant,
            RefusalAnnouncement kind,
            java.net.@Nullable URI platformFile,
            String sdpOffer,
            List<cn.hotline.media.port.Codec> codecs,
            Duration limit,
            java.util.function.Function<String, Mono<Void>> earlyMedia) {
        cn.hotline.call.prompt.PromptName own = kind.tenantPrompt();
        Mono<Prompt> tenantPrompt = tenant == null || own == null
                ? Mono.empty()
                : prompts.names(tenant)
                        .filter(names -> names.contains(own.value()))
                        .flatMap(names -> prompts.resolve(tenant, List.of(own)))
                        .flatMap(localPrompts::local)
                        .onErrorResume(error -> {
                            log.warn("Tenant {} prompt {} not played: {}", tenant, own, error.toString());
                            return Mono.empty();
                        });
        Mono<Prompt> platform = platformFile != null
                ? Mono.just(new Prompt.File(platformFile))
                : prompts.announcement(List.of(kind.platform()));
        return tenantPrompt
                .switchIfEmpty(platform)
                .flatMap(prompt ->
                        announce(tenant == null ? PLATFORM : tenant, sdpOffer, codecs, prompt, limit, earlyMedia))
                .onErrorResume(error -> {
                    log.warn("Announcement {} for a refused call failed: {}", kind, error.toString());
                    return Mono.just(false);
                })
                .defaultIfEmpty(false);
    }

    /** The media server's owner of a refused call's announcement when no tenant owns the called number. */
    private static final TenantId PLATFORM = TenantId.of("platform");

    // ---- ending -------------------------------------------------------------------------------------------------

    /** The caller hung up or cancelled; emits once the call is released everywhere. Unknown calls: nothing. */
    public Mono<Void> callerLeft(String sipCallId) {
        Session session = bySipCallId.get(sipCallId);
        return session == null ? Mono.empty() : release(session, true);
    }

    /** Ends the call from our side (call control): BYE to the caller and release. */
    public Mono<Void> hangUp(CallId call, String reason) {
        return Mono.justOrEmpty(find(call)).flatMap(session -> endBySystem(session, reason));
    }

    private Mono<Void> endBySystem(Session session, String reason) {
        return Mono.defer(() -> {
            if (session.ended.get()) {
                return Mono.empty();
            }
            session.endedBy = CallNotice.EndedBy.SYSTEM;
            session.endReason = reason;
            session.line.hangUp(reason);
            return release(session, true);
        });
    }

    /** A key press sent as SIP INFO on the call's dialog. */
    public void infoDigit(String sipCallId, char key) {
        Session session = bySipCallId.get(sipCallId);
        LegId leg = session == null ? null : session.leg;
        if (session != null && leg != null && session.call.digitsBySipInfo()) {
            session.infoDigits.tryEmitNext(new Digit(leg, key, clock.instant()));
        }
    }

    /**
     * The caller's key presses as one stream, whichever way the trunk sends them: SIP INFO digits, or RFC 4733
     * telephone-events that the media server reports.
     */
    public Flux<Digit> digits(CallId call) {
        return Mono.justOrEmpty(find(call)).flatMapMany(session -> {
            LegId leg = session.leg;
            MediaServer server = media.getIfAvailable();
            if (session.call.digitsBySipInfo() || leg == null || server == null) {
                return session.infoDigits.asFlux();
            }
            return server.digits(leg);
        });
    }

    public Optional<LiveCall> live(CallId call) {
        return find(call).map(session -> session.call);
    }

    public Collection<LiveCall> all() {
        return bySipCallId.values().stream().map(session -> session.call).toList();
    }

    /** Starts renewing owner records and quota entries, and watching the media server. */
    public void start() {
        Duration every = ttl.dividedBy(3);
        running.add(Flux.interval(every, every)
                .onBackpressureDrop()
                .concatMap(tick -> Flux.fromIterable(bySipCallId.values())
                        .filter(session -> !session.ended.get())
                        .flatMap(
                                session -> owner(session.call)
                                        .then(admission.renew(session.call.tenant(), session.call.call()))
                                        .onErrorResume(error -> {
                                            log.warn(
                                                    "Could not renew call {}: {}",
                                                    session.call.call(),
                                                    error.toString());
                                            return Mono.empty();
                                        }),
                                16)
                        .then())
                .subscribe());
        MediaServer server = media.getIfAvailable();
        if (server != null) {
            running.add(server.events()
                    .filter(event -> event instanceof MediaEvent.ServerLost)
                    .concatMap(event -> serverLost())
                    .onErrorContinue((error, event) -> log.warn("Handling {} failed: {}", event, error.toString()))
                    .subscribe());
        }
    }

    /**
     * The media server stopped answering: every call with media on it has lost its audio. Each agent is told, each
     * caller owed a callback, and the calls end (the partial recording is kept and marked).
     */
    private Flux<Void> serverLost() {
        return Flux.fromIterable(List.copyOf(bySipCallId.values()))
                .filter(session -> session.leg != null && !session.ended.get())
                .flatMap(session -> {
                    log.warn("Media lost for call {} of {}", session.call.call(), session.call.tenant());
                    session.mediaLost = true;
                    AgentId agent = session.agent;
                    if (agent != null) {
                        notices.tryEmitNext(
                                new CallNotice.MediaLost(session.call.tenant(), session.call.call(), agent));
                    }
                    return callbacks
                            .owe(
                                    session.call.tenant(),
                                    session.call.call(),
                                    CallbackTasks.Reason.MEDIA_LOST,
                                    session.group,
                                    session.arrivedAt)
                            .onErrorResume(error -> {
                                log.warn("No callback task for call {}: {}", session.call.call(), error.toString());
                                return Mono.just(false);
                            })
                            .then(endBySystem(session, "media server lost"));
                });
    }

    /** Stops renewing and watching; the calls' records expire by themselves. */
    public void stop() {
        running.dispose();
    }

    /** The instance that owns a live call, from Redis; empty when none does (ended, or its owner crashed). */
    public Mono<String> ownerOf(TenantId tenant, CallId call) {
        return redis.opsForValue().get(ownerKey(tenant, call));
    }

    private Optional<Session> find(CallId call) {
        return bySipCallId.values().stream()
                .filter(session -> session.call.call().equals(call))
                .findFirst();
    }

    private Mono<Void> owner(LiveCall call) {
        Mono<Boolean> owner = redis.opsForValue().set(ownerKey(call.tenant(), call.call()), instanceId, ttl);
        String caller = call.caller();
        return caller == null || caller.isBlank()
                ? owner.then()
                : owner.then(redis.opsForValue().set(callerKey(call.call()), caller, ttl))
                        .then();
    }

    /**
     * The caller's number of a live call on any instance (written beside the owner key, with its expiry): for the
     * agent's offer and screen pop, whichever instance holds the agent's socket. Empty when withheld or ended.
     */
    public Mono<String> callerOf(CallId call) {
        return redis.opsForValue().get(callerKey(call));
    }

    private static String callerKey(CallId call) {
        return "cc:call:caller:" + call.value();
    }

    /** What an agent's offer shows of the caller: the number, and whether it is a kept callback to dial. */
    public record OfferedCaller(String number, boolean keptCallback) {}

    /**
     * The caller an offer of {@code call} shows, on any instance: a kept callback's number (the caller hung up at the
     * tenant's wait limit and will be dialled), else the live caller's number; empty when withheld or unknown.
     */
    public Mono<OfferedCaller> offeredCaller(CallId call) {
        return redis.opsForValue()
                .multiGet(List.of(KeptCallbacks.numberKey(call), callerKey(call)))
                .flatMap(values -> {
                    String kept = values.get(0);
                    String caller = values.get(1);
                    return kept != null
                            ? Mono.just(new OfferedCaller(kept, true))
                            : caller == null ? Mono.empty() : Mono.just(new OfferedCaller(caller, false));
                });
    }

    /**
     * Whether {@code call} is a kept callback: its caller is being told so (it lives here still, in its last seconds)
     * or has hung up (it lives nowhere); the ACD offers it like a waiting call.
     */
    public boolean keptHere(CallId call) {
        return find(call).map(session -> session.phase == Phase.KEPT).orElse(false);
    }

    /** Completes once the call is released here entirely (media too); at once when it does not live here. */
    public Mono<Void> gone(CallId call) {
        return find(call).map(session -> session.gone.asMono()).orElse(Mono.empty());
    }

    /** A kept callback was answered: offers no longer need its number, nor the index its entry. */
    public Mono<Void> keptTaken(TenantId tenant, CallId call) {
        return kept.forget(tenant, call).onErrorResume(error -> Mono.empty());
    }

    /**
     * Releases everything of the call once: its running work, the ACD (when {@code inAcd}: abandoned if waiting,
     * ended if connected), the media (the recording it returns goes to the archive), a voicemail's callback task, the
     * quota and the owner record; the connected agent is told.
     */
    private Mono<Void> release(Session session, boolean inAcd) {
        if (!session.ended.compareAndSet(false, true)) {
            return Mono.empty();
        }
        Phase phase = session.phase;
        session.phase = Phase.ENDED;
        session.work.dispose();
        LiveCall call = session.call;
        session.infoDigits.tryEmitComplete();
        session.over.tryEmitEmpty();
        MediaServer server = media.getIfAvailable();
        AgentId agent = session.agent;
        AgentId named = agent != null ? agent : session.handedOverBy;
        java.util.function.Supplier<Mono<Void>> outside = session.outside;
        if (agent != null && phase == Phase.CONNECTED && !session.surveying) {
            notices.tryEmitNext(
                    new CallNotice.CallEnded(call.tenant(), call.call(), agent, session.endedBy, session.endReason));
        }
        consultTalk.ended(call.tenant(), call.call(), session.endedBy, session.endReason);
        Mono<Void> acdPart = inAcd && (phase == Phase.QUEUED || phase == Phase.CONNECTED)
                ? acd.callerLeft(call.tenant(), call.call()).then()
                : Mono.empty();
        Mono<Void> mediaPart = server == null || session.leg == null
                ? Mono.empty()
                : server.release(call.call())
                        .concatMap(finished -> recordings
                                .archive(
                                        call.tenant(),
                                        finished,
                                        named == null ? List.of() : List.of(named.value()),
                                        firstNonNull(session.recordingFrom, session.arrivedAt),
                                        session.codec == null ? "PCMA" : session.codec)
                                .doOnNext(recorded -> log.info(
                                        "Call {} recorded: {} ({} ms, {}{})",
                                        call.call(),
                                        recorded.key(),
                                        recorded.duration().toMillis(),
                                        recorded.status(),
                                        recorded.partial() ? ", partial" : ""))
                                .onErrorResume(error -> logged("recording", call, error)))
                        .then();
        Mono<Void> ivrPart = phase == Phase.IVR && session.endedBy == CallNotice.EndedBy.CALLER
                ? parties.abandonedInIvr(
                        call.tenant(), call.call(), call.caller(), call.called(), session.arrivedAt, clock.instant())
                : Mono.empty();
        Mono<Void> voicemailPart = session.voicemail
                ? callbacks
                        .owe(
                                call.tenant(),
                                call.call(),
                                CallbackTasks.Reason.VOICEMAIL,
                                session.group,
                                session.arrivedAt)
                        .then()
                : Mono.empty();
        return Flux.concatDelayError(
                        outside == null
                                ? Mono.<Void>empty()
                                : outside.get().onErrorResume(error -> logged("outside party", call, error)),
                        acdPart.onErrorResume(error -> logged("ACD", call, error)),
                        mediaPart.onErrorResume(error -> logged("media", call, error)),
                        voicemailPart.onErrorResume(error -> logged("voicemail task", call, error)),
                        ivrPart.onErrorResume(error -> logged("IVR abandon record", call, error)),
                        admission
                                .release(call.tenant(), call.call())
                                .onErrorResume(error -> logged("quota", call, error)),
                        redis.delete(ownerKey(call.tenant(), call.call()), callerKey(call.call()))
                                .then()
                                .onErrorResume(error -> logged("owner", call, error)))
                .then()
                .doFinally(signal -> {
                    bySipCallId.remove(call.sipCallId(), session);
                    session.gone.tryEmitEmpty();
                });
    }

    private static Instant firstNonNull(@Nullable Instant first, Instant second) {
        return first != null ? first : second;
    }

    private static <T> Mono<T> logged(String part, LiveCall call, Throwable error) {
        log.warn("Releasing the {} of call {} failed: {}", part, call.call(), error.toString());
        return Mono.empty();
    }

    // ---- hooks for transfers out of the centre (ExternalTransfer) ------------------------------------------------

    /** A live call an agent may hand over to an outside party: its trunk leg and codec, its numbers and group. */
    public record Transferable(LiveCall call, LegId trunk, String codec, @Nullable String group, boolean agentAudio) {}

    /**
     * The live call of this instance the ACD has connected to {@code agent}: either with the agent's browser audio,
     * or answered without audio (the session still waits with music). The caller must have checked the ACD state.
     */
    public Mono<Transferable> transferable(TenantId tenant, AgentId agent, CallId call) {
        return Mono.justOrEmpty(find(call)
                .filter(session -> session.call.tenant().equals(tenant)
                        && !session.ended.get()
                        && session.leg != null
                        && ((session.phase == Phase.CONNECTED && agent.equals(session.agent))
                                || session.phase == Phase.QUEUED))
                .map(session -> new Transferable(
                        session.call,
                        java.util.Objects.requireNonNull(session.leg),
                        session.codec == null ? "PCMA" : session.codec,
                        session.group,
                        session.agentLeg != null)));
    }

    /** Completes when the call is released; at once when it is not live here. */
    public Mono<Void> released(CallId call) {
        return find(call).map(session -> session.over.asMono()).orElse(Mono.empty());
    }

    /**
     * {@code agent} handed the caller over to {@code outside} (a leg bridged to an outside party): the agent leaves
     * the call (no {@code callEnded} reaches it; it is still named on the recording), the call goes on, and
     * {@code hangUpOutside} runs when the call is released. Emits false when the call ended meanwhile.
     */
    public boolean handedOver(
            CallId call, AgentId agent, LegId outside, java.util.function.Supplier<Mono<Void>> hangUpOutside) {
        Session session = find(call).orElse(null);
        if (session == null || session.ended.get()) {
            return false;
        }
        session.waiting.update(Disposables.disposed());
        session.handedOverBy = agent;
        session.agent = null;
        session.agentLeg = outside;
        session.outside = hangUpOutside;
        session.phase = Phase.CONNECTED;
        if (session.connectedAt == null) {
            session.connectedAt = clock.instant();
        }
        return true;
    }

    /** Music on hold to the caller (a transfer out failed: the caller waits for its agent to come back). */
    public Mono<Void> musicForCaller(CallId call) {
        return Mono.justOrEmpty(find(call)).flatMap(session -> {
            LegId leg = session.leg;
            if (leg == null) {
                return Mono.empty();
            }
            return prompts.musicOnHold(session.call.tenant())
                    .flatMap(localPrompts::local)
                    .flatMap(music -> server().play(leg, music));
        });
    }

    private static String ownerKey(TenantId tenant, CallId call) {
        return LiveCallOwners.key(call);
    }
}

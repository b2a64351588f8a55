package cn.hotline.call.acd;

import cn.hotline.call.acd.domain.Acd;
import cn.hotline.call.acd.domain.AcdSettings;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentSkill;
import cn.hotline.call.acd.domain.CallRouting;
import cn.hotline.call.acd.domain.IllegalAgentTransition;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.call.acd.domain.TransferTarget;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.tenancy.Tenancy;
import cn.hotline.kernel.tenancy.TenantContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The ACD's use cases for the rest of call-cloud (SIP side, agent sockets, call control), callable on every instance.
 * Each runs on the tenant's single writer: this instance's if it holds the tenant's lease (taken on first use);
 * otherwise the command is sent to the instance that holds it ({@link AcdRemote}), found through the lease's holder
 * and {@link AcdInstances}. When that instance cannot be reached the call fails with {@code SERVICE_UNAVAILABLE}
 * (retry; its lease expires if it is gone). Illegal agent state changes fail with {@code ILLEGAL_TRANSITION}.
 * Decisions reach the agents' sockets on any instance through {@link #notices(TenantId)}.
 */
public final class AcdManagement {

    private final AcdLease leases;
    private final AcdStore store;
    private final Clock clock;
    private final AcdProperties properties;
    private final AcdWire wire = new AcdWire();
    private final AcdBroadcast broadcast;
    private final AcdInstances instances;
    private final AcdRemote remote;
    private final List<AcdFollower> followers;
    private final QueueAnnouncementStore announcements;
    private final QueueLimitStore queueLimits;
    private final Map<TenantId, Mono<AcdWriter>> writers = new ConcurrentHashMap<>();

    public AcdManagement(
            ReactiveStringRedisTemplate redis,
            ReactiveRedisMessageListenerContainer listener,
            WebClient http,
            DatabaseClient db,
            TransactionalOperator tx,
            Clock clock,
            AcdProperties properties,
            String internalToken) {
        this(redis, listener, http, db, tx, clock, properties, internalToken, List.of());
    }

    /** With {@code followers} that run beside each writer of this instance (call records, call events). */
    public AcdManagement(
            ReactiveStringRedisTemplate redis,
            ReactiveRedisMessageListenerContainer listener,
            WebClient http,
            DatabaseClient db,
            TransactionalOperator tx,
            Clock clock,
            AcdProperties properties,
            String internalToken,
            List<AcdFollower> followers) {
        this.followers = List.copyOf(followers);
        this.leases = new AcdLease(redis, properties.leaseTtl());
        this.store = new AcdStore(db, tx);
        this.announcements = new QueueAnnouncementStore(db, tx);
        this.queueLimits = new QueueLimitStore(db, tx);
        this.clock = clock;
        this.properties = properties;
        this.broadcast = new AcdBroadcast(redis, listener, wire);
        this.instances = new AcdInstances(redis, properties.instanceId(), properties.leaseTtl());
        this.remote = new AcdRemote(http, wire, internalToken, properties.forwardTimeout());
    }

    /** Adds an agent with its skills (logged out), or changes the skills of a logged-out agent. */
    public Mono<Void> enrol(TenantId tenant, AgentId agent, List<AgentSkill> skills) {
        return run(tenant, new AcdCommand.Enrol(agent, List.copyOf(skills))).then();
    }

    public Mono<Void> signIn(TenantId tenant, AgentId agent) {
        return run(tenant, new AcdCommand.SignIn(agent)).then();
    }

    /** The agent is ready; emits the call offered to it at once, if one was waiting. */
    public Mono<CallRouting.Offered> ready(TenantId tenant, AgentId agent) {
        return run(tenant, new AcdCommand.Ready(agent)).cast(CallRouting.Offered.class);
    }

    public Mono<Void> notReady(TenantId tenant, AgentId agent, String reason) {
        return run(tenant, new AcdCommand.NotReady(agent, reason)).then();
    }

    public Mono<Void> signOut(TenantId tenant, AgentId agent) {
        return run(tenant, new AcdCommand.SignOut(agent)).then();
    }

    /** A call for {@code group} arrived: offered to an agent, queued, or rejected. */
    public Mono<CallRouting> callArrived(TenantId tenant, CallId call, SkillId group, int priority) {
        return run(tenant, new AcdCommand.Arrive(call, group, priority)).cast(CallRouting.class);
    }

    public Mono<Void> answer(TenantId tenant, AgentId agent, CallId call) {
        return run(tenant, new AcdCommand.Answer(agent, call)).then();
    }

    public Mono<Void> hold(TenantId tenant, AgentId agent, CallId call) {
        return run(tenant, new AcdCommand.Hold(agent, call)).then();
    }

    public Mono<Void> retrieve(TenantId tenant, AgentId agent, CallId call) {
        return run(tenant, new AcdCommand.Retrieve(agent, call)).then();
    }

    /** A connected call ended; emits the next call offered to the freed agent, if any (no wrap-up configured). */
    public Mono<CallRouting.Offered> hangUp(TenantId tenant, CallId call) {
        return run(tenant, new AcdCommand.HangUp(call)).cast(CallRouting.Offered.class);
    }

    /** The caller left before being answered; emits the call then offered to the agent it rang at, if any. */
    public Mono<CallRouting.Offered> abandon(TenantId tenant, CallId call) {
        return run(tenant, new AcdCommand.Abandon(call)).cast(CallRouting.Offered.class);
    }

    /**
     * The caller hung up (SIP BYE or CANCEL): a connected call ends as {@link #hangUp}, a waiting or ringing one is
     * abandoned; one writer command, so the choice and the change cannot race with an agent's answer. Emits the call
     * then offered to the freed agent, if any; an unknown call changes nothing.
     */
    public Mono<CallRouting.Offered> callerLeft(TenantId tenant, CallId call) {
        return run(tenant, new AcdCommand.CallerLeft(call)).cast(CallRouting.Offered.class);
    }

    /**
     * The tenant's wait limit reached a waiting call (VOICEMAIL: it leaves the queue; CALLBACK: it keeps its place
     * while the caller hangs up). Emits false when the call is not waiting any more (an agent has it ringing).
     */
    public Mono<Boolean> leaveQueue(TenantId tenant, CallId call, Acd.LeaveReason reason) {
        return run(tenant, new AcdCommand.LeaveQueue(call, reason))
                .cast(Boolean.class)
                .defaultIfEmpty(false);
    }

    /**
     * Blind transfer: the agent's connected call goes to an agent (who must be ready) or a group's queue (keeping its
     * priority and waited time); the agent goes to after-call work. Emits the offer made at once, if any.
     */
    public Mono<CallRouting.Offered> transfer(TenantId tenant, AgentId agent, CallId call, TransferTarget to) {
        return run(tenant, new AcdCommand.Transfer(agent, call, to)).cast(CallRouting.Offered.class);
    }

    /** The agent holds its caller and consults {@code to}; the consultation is the ACD call {@code consult}. */
    public Mono<CallRouting.Offered> consult(
            TenantId tenant, AgentId agent, CallId call, TransferTarget to, CallId consult) {
        return run(tenant, new AcdCommand.Consult(agent, call, to, consult)).cast(CallRouting.Offered.class);
    }

    /** The consulted agent takes the caller over; emits that agent. */
    public Mono<Acd.AgentSnapshot> completeTransfer(TenantId tenant, AgentId agent, CallId call) {
        return run(tenant, new AcdCommand.CompleteTransfer(agent, call)).cast(Acd.AgentSnapshot.class);
    }

    /** The consultation ends and the caller is the agent's again. */
    public Mono<CallRouting.Offered> cancelConsult(TenantId tenant, AgentId agent, CallId call) {
        return run(tenant, new AcdCommand.CancelConsult(agent, call)).cast(CallRouting.Offered.class);
    }

    /**
     * Records a call-control action in the tenant's decision history ({@code kind} {@code DtmfSent}, {@code
     * SurveyAnswered}), so it reaches the call record and the call-event topic like the ACD's own decisions.
     */
    public Mono<Void> note(
            TenantId tenant,
            CallId call,
            @org.jspecify.annotations.Nullable AgentId agent,
            String kind,
            String detail) {
        return run(tenant, new AcdCommand.Note(call, agent, kind, detail)).then();
    }

    /**
     * The agent dials out (a callback): it is TALKING on {@code call} in the ACD, offered nothing meanwhile. Only a
     * not-ready agent or one in after-call work may dial ({@code ILLEGAL_TRANSITION} otherwise).
     */
    public Mono<Void> outboundStarted(TenantId tenant, AgentId agent, CallId call) {
        return run(tenant, new AcdCommand.OutboundStarted(agent, call)).then();
    }

    /** The agent's outbound call ended: after-call work; emits the call offered at once without wrap-up time. */
    public Mono<CallRouting.Offered> outboundEnded(TenantId tenant, AgentId agent, CallId call) {
        return run(tenant, new AcdCommand.OutboundEnded(agent, call)).cast(CallRouting.Offered.class);
    }

    /** The agent as the writer sees it now. */
    public Mono<Acd.AgentSnapshot> agent(TenantId tenant, AgentId agent) {
        return run(tenant, new AcdCommand.Inspect(agent))
                .cast(Acd.AgentSnapshot.class)
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.NOT_FOUND, "Agent " + agent + " is not enrolled in the ACD.")));
    }

    /** The tenant's own settings, or the platform defaults when it has none. */
    public Mono<AcdSettings> settings(TenantId tenant) {
        return store.settings(tenant).map(own -> own.orElse(properties.settings()));
    }

    /**
     * Saves the tenant's settings and applies them to its writer wherever it runs. Saved first: if the writer cannot
     * be told now, the next writer reads them when it starts.
     */
    public Mono<AcdSettings> configure(TenantId tenant, AcdSettings settings, String by) {
        return Tenancy.runAs(TenantContext.of(tenant), store.transactional(store.saveSettings(tenant, settings, by)))
                .then(run(tenant, AcdCommand.Configure.of(settings)))
                .thenReturn(settings);
    }

    /** The tenant's own queue announcements; empty when it has made no choice (the platform interval applies). */
    public Mono<java.util.Optional<QueueAnnouncements>> queueAnnouncements(TenantId tenant) {
        return announcements.load(tenant);
    }

    /** Saves the tenant's queue announcements (none: back to the platform interval); new waiting calls follow them. */
    public Mono<Void> configureAnnouncements(
            TenantId tenant, java.util.Optional<QueueAnnouncements> choice, String by) {
        return announcements.save(tenant, choice, by);
    }

    /** The tenant's wait limit in the queue; empty when it set none (callers wait without limit). */
    public Mono<java.util.Optional<QueueLimit>> queueLimit(TenantId tenant) {
        return queueLimits.load(tenant);
    }

    /** Saves the tenant's wait limit in the queue (none: callers wait without limit); new waiting calls follow it. */
    public Mono<Void> configureQueueLimit(TenantId tenant, java.util.Optional<QueueLimit> limit, String by) {
        return queueLimits.save(tenant, limit, by);
    }

    /**
     * Where a waiting call stands and how long it may wait, for position and wait announcements; empty when the call
     * is not waiting (offered, connected, gone).
     */
    public Mono<Acd.QueuePosition> position(TenantId tenant, CallId call) {
        return run(tenant, new AcdCommand.Position(call)).cast(Acd.QueuePosition.class);
    }

    /** Every agent and queue of the tenant now, for supervisors. */
    public Mono<AcdOverview> overview(TenantId tenant) {
        return run(tenant, new AcdCommand.Overview(clock.instant())).cast(AcdOverview.class);
    }

    /**
     * The tenant's offers and agent state changes from now on, whichever instance runs its writer, each sent once the
     * decision is persisted. Best effort (see {@link AcdBroadcast}): a missed offer rings out and is offered again.
     */
    public Flux<AcdNotice> notices(TenantId tenant) {
        return broadcast.notices(tenant);
    }

    /** This instance's name: in the ACD leases and in the live calls' owner keys ({@code session.LiveCallOwners}). */
    public String instanceId() {
        return instances.self();
    }

    /** The base URL of call-cloud instance {@code id}; empty when it is not (or no longer) advertised. */
    public Mono<String> instanceAddress(String id) {
        return instances.address(id);
    }

    /** Makes this instance reachable for commands forwarded by others, at {@code baseUrl}. */
    public void advertise(String baseUrl) {
        instances.advertise(baseUrl);
    }

    /** Gives up every lease this instance holds, so other instances take over at once. */
    public Mono<Void> stop() {
        return Flux.fromIterable(writers.values())
                .flatMap(writer -> writer.flatMap(AcdWriter::stop).onErrorResume(error -> Mono.empty()))
                .then(Mono.fromRunnable(writers::clear));
    }

    /**
     * Graceful shutdown: stops advertising this instance and gives its leases back (waiting a few seconds at most), so
     * the surviving instances take this instance's tenants over at once instead of after the lease time.
     */
    public void close() {
        instances.stopAdvertising();
        CountDownLatch released = new CountDownLatch(1);
        stop().doFinally(signal -> released.countDown()).subscribe(ignored -> {}, failure -> {});
        try {
            released.await(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    AcdWire wire() {
        return wire;
    }

    /** Runs the command on this instance's writer of the tenant, electing it if no instance runs one; never forwards. */
    Mono<Object> runHere(TenantId tenant, AcdCommand command) {
        return local(tenant, command).onErrorMap(AcdManagement::problem);
    }

    private Mono<Object> local(TenantId tenant, AcdCommand command) {
        return writer(tenant)
                .flatMap(writer -> writer.submit(acd -> Optional.ofNullable(command.apply(acd))))
                .flatMap(Mono::justOrEmpty);
    }

    private Mono<Object> run(TenantId tenant, AcdCommand command) {
        return local(tenant, command)
                .onErrorResume(HeldElsewhere.class, elsewhere -> forward(tenant, command, elsewhere.holder))
                .onErrorMap(AcdManagement::problem);
    }

    private Mono<Object> forward(TenantId tenant, AcdCommand command, String holder) {
        return instances
                .address(holder)
                .switchIfEmpty(Mono.error(() -> new ProblemException(
                        ProblemCode.SERVICE_UNAVAILABLE,
                        "Another call-cloud instance (" + holder + ") runs the ACD of tenant " + tenant
                                + " and cannot be reached; retry the request.")))
                .flatMap(address -> remote.send(address, tenant, command))
                .flatMap(reply -> Mono.justOrEmpty(reply.result()));
    }

    private Mono<AcdWriter> writer(TenantId tenant) {
        return writers.computeIfAbsent(tenant, this::startWriter).flatMap(writer -> {
            if (writer.isLive()) {
                return Mono.just(writer);
            }
            // Fail closed: a writer that lost its lease or its database stops; the next use elects a new one.
            writers.remove(tenant);
            return writers.computeIfAbsent(tenant, this::startWriter);
        });
    }

    private Mono<AcdWriter> startWriter(TenantId tenant) {
        return AcdWriter.start(
                        tenant,
                        properties.instanceId(),
                        leases,
                        store,
                        clock,
                        properties.settings(),
                        notices -> broadcast.publish(tenant, notices),
                        properties.pipelineDepth())
                .map(writer -> writer.runLoops(properties.tick(), followers, properties.followInterval()))
                .switchIfEmpty(Mono.defer(() -> leases.holder(tenant)
                        .defaultIfEmpty("")
                        .flatMap(holder -> Mono.error(new HeldElsewhere(tenant, holder)))))
                .doOnError(error -> writers.remove(tenant))
                .cache(
                        writer -> java.time.Duration.ofDays(3650),
                        error -> java.time.Duration.ZERO,
                        () -> java.time.Duration.ZERO);
    }

    /** The tenant's lease is held by another instance: forward the command there. */
    private static final class HeldElsewhere extends RuntimeException {
        private final String holder;

        HeldElsewhere(TenantId tenant, String holder) {
            super("Another call-cloud instance (" + holder + ") runs the ACD of tenant " + tenant, null, false, false);
            this.holder = holder;
        }
    }

    private static Throwable problem(Throwable error) {
        return switch (error) {
            case IllegalAgentTransition e -> new ProblemException(ProblemCode.ILLEGAL_TRANSITION, e.getMessage());
            case AcdWriter.WriterLost e ->
                new ProblemException(ProblemCode.SERVICE_UNAVAILABLE, e.getMessage() + "; retry the request.");
            case HeldElsewhere e ->
                new ProblemException(ProblemCode.SERVICE_UNAVAILABLE, e.getMessage() + "; send the request there.");
            case IllegalArgumentException e -> new ProblemException(ProblemCode.VALIDATION_FAILED, e.getMessage());
            case IllegalStateException e -> new ProblemException(ProblemCode.CONFLICT, e.getMessage());
            default -> error;
        };
    }
}

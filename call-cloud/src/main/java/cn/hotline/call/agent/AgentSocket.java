package cn.hotline.call.agent;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.acd.AcdNotice;
import cn.hotline.call.acd.domain.Acd;
import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentSkill;
import cn.hotline.call.acd.domain.AgentState;
import cn.hotline.call.acd.domain.CallRouting;
import cn.hotline.call.messaging.MessageFrames;
import cn.hotline.call.session.AgentRejoin;
import cn.hotline.call.session.CallNotice;
import cn.hotline.call.session.CallSessions;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.tenancy.Tenancy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /ws/agent}: one signed-in agent's real-time channel to the ACD (protocol in call-cloud/README.md). The agent
 * is the caller's user id ({@link Caller#subject()}) in the caller's tenant, which is bound for all the socket's work.
 * Commands are handled one at a time in the order they arrive; each is answered with the agent's {@code state}, or
 * with an {@code error} (problem code and message) after which the socket stays open. Offers the tenant's ACD makes
 * to this agent are pushed as {@code offer} messages.
 *
 * <p>Closing the socket does not sign the agent out: a ready agent is made not ready with reason {@value
 * #DISCONNECTED}, anything else is left as it is. A page reload or network blip must not end a 12-hour shift's
 * sign-in, and a talking agent cannot be signed out anyway; but an agent who cannot see offers must not be offered
 * calls. A call already ringing at the agent falls to the ACD's ring timeout and is offered again.
 */
final class AgentSocket {

    static final String DISCONNECTED = "DISCONNECTED";

    /** How often a socket checks that the instances owning the calls its commands went to still own them. */
    static final Duration OWNER_CHECK = Duration.ofSeconds(2);

    /** The {@code callEnded} reason when the instance owning the agent's call died (its owner key expired). */
    static final String INSTANCE_LOST = "INSTANCE_LOST";

    /** Pause before subscribing to the tenant's notices again after the subscription failed. */
    private static final Duration RESUBSCRIBE = Duration.ofSeconds(1);

    /** How long the answer to a kept callback waits for the caller's own call (its confirmation) to be released. */
    private static final Duration KEPT_RELEASE = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(AgentSocket.class);

    /** The agreed error code for a call-control command the server cannot carry out yet (see call-cloud/README.md). */
    static final String NOT_SUPPORTED_YET = "NOT_SUPPORTED_YET";

    private final AcdManagement acd;
    private final CallSessions calls;
    private final JsonMapper json;
    private final AgentSocketProperties properties;
    private final MessageFrames messages;
    private final AgentRejoin rejoin;
    private final OutboundCommands outbound;
    private final CallCommandRouting routing;
    private final AgentPushes pushes;

    AgentSocket(
            AcdManagement acd,
            CallSessions calls,
            JsonMapper json,
            AgentSocketProperties properties,
            MessageFrames messages,
            AgentRejoin rejoin,
            OutboundCommands outbound,
            CallCommandRouting routing,
            AgentPushes pushes) {
        this.acd = acd;
        this.calls = calls;
        this.json = json;
        this.properties = properties;
        this.messages = messages;
        this.rejoin = rejoin;
        this.outbound = outbound;
        this.routing = routing;
        this.pushes = pushes;
    }

    /** Serves one agent's socket after {@link AgentSocketGate} authenticated {@code caller}. */
    Mono<Void> handle(WebSocketSession session, Caller caller) {
        AgentId agent;
        try {
            agent = AgentId.of(caller.subject());
        } catch (IllegalArgumentException e) {
            return session.send(Mono.just(session.textMessage(error(ProblemCode.VALIDATION_FAILED, e.getMessage()))))
                    .then(session.close(CloseStatus.POLICY_VIOLATION));
        }
        Connection connection = new Connection(caller, agent, "agent-" + cn.hotline.kernel.id.Uuids.v7(), false);
        Sinks.Empty<Void> closed = Sinks.empty();
        // Offers and state changes come from the tenant's writer on whichever instance runs it (AcdNotice over Redis).
        // A failed subscription is retried after a pause; notices sent meanwhile are missed, which is safe: the ring
        // timeout re-offers, and every command's reply carries the agent's state.
        Flux<String> pushed = Flux.defer(() -> acd.notices(connection.tenant))
                .filter(notice -> notice.agent().equals(agent))
                .concatMap(connection::push)
                .onErrorResume(failure -> {
                    log.info("Agent {} notices interrupted: {}", agent, failure.toString());
                    return Mono.delay(RESUBSCRIBE).then(Mono.empty());
                })
                .repeat()
                .takeUntilOther(closed.asMono());
        // Internal messages to this agent (its own come back as replies, not pushes).
        Flux<String> messaged = Flux.defer(() -> messages.pushes(caller, connection.origin))
                .onErrorResume(failure -> {
                    log.info("Agent {} messages interrupted: {}", agent, failure.toString());
                    return Mono.delay(RESUBSCRIBE).then(Mono.empty());
                })
                .repeat()
                .takeUntilOther(closed.asMono());
        Flux<String> callNotices = calls.notices()
                .filter(notice -> notice.tenant().equals(connection.tenant)
                        && notice.agent().equals(agent))
                .map(this::callNotice)
                .takeUntilOther(closed.asMono());
        // The same pushes made by the instance owning the agent's call when that is another one (AgentPushes).
        Flux<String> remotePushes = Flux.defer(() -> pushes.fromOthers(connection.tenant, agent))
                .onErrorResume(failure -> {
                    log.info("Agent {} pushes from other instances interrupted: {}", agent, failure.toString());
                    return Mono.delay(RESUBSCRIBE).then(Mono.empty());
                })
                .repeat()
                .takeUntilOther(closed.asMono());
        Flux<String> outboundCalls = outbound.pushes(connection.tenant, agent).takeUntilOther(closed.asMono());
        Flux<String> ownersLost = Flux.interval(OWNER_CHECK, OWNER_CHECK)
                .onBackpressureDrop()
                .concatMap(tick -> connection.ownersLost())
                .takeUntilOther(closed.asMono());
        Flux<String> replies = session.receive()
                .map(WebSocketMessage::getPayloadAsText)
                .concatMap(connection::reply)
                .doFinally(signal -> closed.tryEmitEmpty());
        return session.send(Flux.merge(pushed, messaged, callNotices, remotePushes, ownersLost, outboundCalls, replies)
                        .map(session::textMessage))
                .onErrorResume(failure -> {
                    log.info("Agent {} socket ended abruptly: {}", agent, failure.toString());
                    return Mono.empty();
                })
                .then(Mono.defer(connection::disconnected))
                .contextWrite(Tenancy.bind(caller.tenantContext()));
    }

    /**
     * Runs a call-scoped command frame that another instance's socket {@code origin} forwarded because this instance
     * owns the call; the frames a local socket would get in reply, never routed again.
     */
    Flux<String> forwarded(TenantId tenant, AgentId agent, String origin, String frame) {
        Caller caller = new Caller(agent.value(), tenant, null, Set.of(cn.hotline.kernel.security.Role.AGENT), null);
        return new Connection(caller, agent, origin, true)
                .reply(frame)
                .contextWrite(Tenancy.bind(cn.hotline.kernel.tenancy.TenantContext.of(tenant)));
    }

    /** Another instance's socket {@code origin} closed: this instance's calls treat it as a local socket's close. */
    Mono<Void> forwardedClose(TenantId tenant, AgentId agent, String origin) {
        return rejoin.socketClosed(tenant, agent, origin)
                .contextWrite(Tenancy.bind(cn.hotline.kernel.tenancy.TenantContext.of(tenant)));
    }

    /** The call a command frame names, if any (see {@link CallCommandRouting#callOf}). */
    @Nullable
    CallId callOf(String frame) {
        return routing.callOf(frame);
    }

    /**
     * Publishes every push this instance's calls make for an agent ({@link CallSessions#notices()}) for the sockets
     * on other instances ({@link AgentPushes}); sockets here get them locally. Runs once per instance.
     */
    reactor.core.Disposable relayCallNotices() {
        return calls.notices()
                .concatMap(notice -> pushes.publish(notice.tenant(), notice.agent(), callNotice(notice)))
                .onErrorContinue((failure, notice) -> log.warn("Push {} not relayed: {}", notice, failure.toString()))
                .subscribe();
    }

    /**
     * One socket's agent, and the offers already sent to it (an offer arrives both as a reply and a push). {@code
     * forwarded}: a command another instance's socket sent to this one (the call lives here), never routed again.
     */
    private final class Connection {
        private final Caller caller;
        private final TenantId tenant;
        private final AgentId agent;
        private final String origin;
        private final boolean forwarded;
        private final Set<String> sent = ConcurrentHashMap.newKeySet();
        /** Consultations offered to this agent: consultation id → the consulted call (it runs where that lives). */
        private final Map<CallId, CallId> consultOf = new ConcurrentHashMap<>();
        /** Instances this socket's commands were forwarded to (told when the socket closes), with a call of each. */
        private final Map<String, CallId> owners = new ConcurrentHashMap<>();
        /** Calls whose commands went to another instance → the call whose owner key says where (see ownersLost). */
        private final Map<CallId, CallId> remoteCalls = new ConcurrentHashMap<>();

        Connection(Caller caller, AgentId agent, String origin, boolean forwarded) {
            this.caller = caller;
            this.tenant = caller.tenant();
            this.agent = agent;
            this.origin = origin;
            this.forwarded = forwarded;
        }

        Flux<String> reply(String frame) {
            String requestId = AgentCommand.requestId(json, frame);
            if (messages.handles(frame)) {
                return messages.command(caller, origin, frame).flux();
            }
            AgentCommand command;
            try {
                command = AgentCommand.parse(json, frame);
            } catch (AgentCommand.Invalid e) {
                return Flux.just(answering(
                        requestId,
                        error(
                                e.unreadable() ? ProblemCode.MALFORMED_REQUEST : ProblemCode.VALIDATION_FAILED,
                                e.getMessage())));
            }
            CallId call = forwarded ? null : routing.callOf(frame);
            if (call == null) {
                return executeHere(command, requestId);
            }
            return routing.route(
                            tenant,
                            agent,
                            origin,
                            frame,
                            call,
                            consultOf.get(call),
                            () -> executeHere(command, requestId),
                            owner -> {
                                owners.putIfAbsent(owner, call);
                                remoteCalls.put(call, consultOf.getOrDefault(call, call));
                            })
                    .concatMap(this::relayed)
                    .onErrorResume(failure -> Flux.just(answering(requestId, error(failure))));
        }

        private Flux<String> executeHere(AgentCommand command, @Nullable String requestId) {
            return execute(command)
                    .onErrorResume(failure -> Flux.just(error(failure)))
                    .map(message -> answering(requestId, message));
        }

        /** A reply frame (from here or the owner) as it goes out; an offer this socket already has is dropped. */
        private Mono<String> relayed(String frame) {
            if (!frame.startsWith("{\"type\":\"offer\"")) {
                return Mono.just(frame);
            }
            JsonNode offer = json.readTree(frame);
            JsonNode of = offer.get("consultOf");
            CallId call = CallId.parse(offer.get("callId").stringValue());
            if (of != null && of.isString()) {
                consultOf.put(call, CallId.parse(of.stringValue()));
            }
            return sent.add(call + "@" + offer.get("offeredAt").stringValue()) ? Mono.just(frame) : Mono.empty();
        }

        /** Marks a reply with the command's {@code requestId}, so a console tells replies from pushed changes. */
        private String answering(@Nullable String requestId, String message) {
            if (requestId == null || message.startsWith("{\"type\":\"offer\"")) {
                return message;
            }
            ObjectNode node = (ObjectNode) json.readTree(message);
            node.put("requestId", requestId);
            return json.writeValueAsString(node);
        }

        private Flux<String> execute(AgentCommand command) {
            return switch (command) {
                case AgentCommand.SignIn signIn -> signIn(signIn.skills()).thenMany(state());
                case AgentCommand.Ready ignored ->
                    acd.ready(tenant, agent)
                            .flatMapMany(offer -> state().concatWith(offerOnce(offer)))
                            .switchIfEmpty(state());
                case AgentCommand.NotReady notReady ->
                    acd.notReady(tenant, agent, notReady.reason()).thenMany(state());
                case AgentCommand.Answer answer when answer.sdp() != null -> answerWithAudio(answer);
                case AgentCommand.Answer answer ->
                    acd.answer(tenant, agent, answer.call()).thenMany(state());
                case AgentCommand.HangUp hangUp
                when outbound.dialling(tenant, agent, hangUp.call()) ->
                    outbound.hangUpDial(tenant, agent, hangUp.call()).thenMany(state());
                case AgentCommand.Dial dial ->
                    outbound.dial(tenant, agent, dial).flux();
                case AgentCommand.HangUp hangUp
                when calls.transfers().leavesConference(tenant, agent, hangUp.call()) ->
                    // the consulting agent leaves a three-way call: the consulted agent keeps the caller
                    calls.transfers()
                            .completeTransfer(tenant, agent, hangUp.call())
                            .thenMany(state());
                case AgentCommand.HangUp hangUp
                when calls.transfers().talkingConsultation(tenant, hangUp.call()) ->
                    ownCall(hangUp.call())
                            .then(acd.hangUp(tenant, hangUp.call()))
                            .flatMapMany(offer -> calls.transfers()
                                    .consultedHungUp(tenant, hangUp.call())
                                    .thenMany(state().concatWith(offerOnce(offer))))
                            .switchIfEmpty(Flux.defer(() -> calls.transfers()
                                    .consultedHungUp(tenant, hangUp.call())
                                    .thenMany(state())));
                case AgentCommand.HangUp hangUp ->
                    ownCall(hangUp.call())
                            .then(acd.hangUp(tenant, hangUp.call()))
                            .flatMapMany(offer -> calls.agentHungUp(tenant, hangUp.call())
                                    .thenMany(state().concatWith(offerOnce(offer))))
                            .switchIfEmpty(Flux.defer(() ->
                                    calls.agentHungUp(tenant, hangUp.call()).thenMany(state())));
                case AgentCommand.Hold hold ->
                    calls.hold(tenant, agent, hold.call()).thenMany(state());
                case AgentCommand.Retrieve retrieve ->
                    calls.retrieve(tenant, agent, retrieve.call()).thenMany(state());
                case AgentCommand.Transfer transfer ->
                    calls.transfers()
                            .transfer(tenant, agent, transfer.call(), transfer.to())
                            .thenMany(
                                    Flux.just(controlReply("transferred", transfer.call(), "to", target(transfer.to())))
                                            .concatWith(state()));
                case AgentCommand.Consult consult ->
                    calls.transfers()
                            .consult(tenant, agent, consult.call(), consult.to())
                            .flatMapMany(id -> Flux.just(controlReply(
                                            "consulting",
                                            consult.call(),
                                            "consultId",
                                            id.value().toString()))
                                    .concatWith(state()));
                case AgentCommand.CompleteTransfer complete ->
                    calls.transfers()
                            .completeTransfer(tenant, agent, complete.call())
                            .thenMany(state());
                case AgentCommand.CancelConsult cancel ->
                    calls.transfers()
                            .cancelConsult(tenant, agent, cancel.call())
                            .thenMany(state());
                case AgentCommand.Conference conference ->
                    calls.transfers()
                            .conference(tenant, agent, conference.call())
                            .flatMapMany(consult -> Flux.just(controlReply(
                                            "conferenced",
                                            conference.call(),
                                            "consultId",
                                            consult.value().toString()))
                                    .concatWith(state()));
                case AgentCommand.Dtmf dtmf ->
                    calls.transfers()
                            .dtmf(tenant, agent, dtmf.call(), dtmf.digits())
                            .thenMany(Flux.just(controlReply("dtmfSent", dtmf.call(), "digits", dtmf.digits())));
                case AgentCommand.Rejoin again -> rejoined(again);
                case AgentCommand.TransferOut out ->
                    outbound.transfer(tenant, agent, out).flatMapMany(result -> Flux.just(outbound.reply(result))
                            .concatWith(state())
                            .concatWith(
                                    result instanceof cn.hotline.call.session.ExternalTransfer.Transferred done
                                                    && done.next() != null
                                            ? offerOnce(done.next())
                                            : Mono.empty()));
                case AgentCommand.NotYet notYet ->
                    Flux.just(error(
                            NOT_SUPPORTED_YET,
                            "'" + notYet.type() + "' is not supported yet; the call goes on unchanged."));
                case AgentCommand.SignOut ignored -> acd.signOut(tenant, agent).thenMany(state());
                case AgentCommand.GetState ignored -> currentState();
            };
        }

        /**
         * The live call's answer: the ACD first (only the agent it was offered to may take it), then the media: the
         * reply {@code answered} carries the media server's SDP answer for the browser, followed by the state. An
         * agent already talking on the call rejoins it with a new leg (its browser dropped).
         */
        private Flux<String> answerWithAudio(AgentCommand.Answer answer) {
            String offer = java.util.Objects.requireNonNull(answer.sdp());
            if (calls.transfers().consultation(tenant, answer.call()).isPresent()) {
                return calls.transfers()
                        .answerConsult(tenant, agent, answer.call(), offer)
                        .map(sdp -> answered(answer.call(), sdp, false))
                        .flux()
                        .concatWith(state());
            }
            if (calls.live(answer.call()).isEmpty() || calls.keptHere(answer.call())) {
                // checked before the ACD moves the agent to talking. A call another instance owns was sent there
                // (CallCommandRouting), so this one is not live anywhere: a kept callback, or gone (unknown, ended,
                // or its owner died)
                return keptCallback(answer.call(), offer);
            }
            // already talking on this call: the browser dropped and rejoins; otherwise the ACD decides first
            Mono<String> media = acd.agent(tenant, agent)
                    .flatMap(snapshot -> snapshot.state() instanceof AgentState.Talking talking
                                    && talking.call().equals(answer.call())
                            ? rejoin.rejoin(tenant, agent, answer.call(), offer, origin)
                            : acd.answer(tenant, agent, answer.call())
                                    .then(calls.connectAgent(tenant, agent, answer.call(), offer))
                                    .doOnNext(sdp -> rejoin.attached(tenant, agent, answer.call(), origin)));
            return media.map(sdp -> answered(answer.call(), sdp, false)).flux().concatWith(state());
        }

        /**
         * The answer to a kept callback's offer (its caller hung up at the tenant's wait limit and kept its place): the
         * ACD first (only the agent it was offered to may take it), then, once the caller's own call is released, the
         * caller is dialled from the agent's browser ({@code CallbackDialer#dialKept}); the reply is {@code answered
         * {callId, sdp, callback: true}}, then pushes as for {@code dial}. A call that is no kept callback either
         * lives nowhere: {@link #gone}.
         */
        private Flux<String> keptCallback(CallId call, String offer) {
            return outbound.keptNumber(tenant, call)
                    .flatMap(number -> acd.answer(tenant, agent, call)
                            .then(calls.gone(call).timeout(KEPT_RELEASE, Mono.empty()))
                            .then(outbound.dialKept(tenant, agent, call, offer))
                            .flatMap(sdp -> calls.keptTaken(tenant, call).thenReturn(sdp)))
                    .map(sdp -> answered(call, sdp, true))
                    .switchIfEmpty(Mono.defer(() -> gone(call)))
                    .flux()
                    .concatWith(state());
        }

        /**
         * An offered call that lives nowhere (its instance died, or it ended unnoticed) and is no kept callback: the
         * ACD lets it go as abandoned (so it lands on the must-call-back list and is not offered again), and the agent
         * is told {@code NOT_FOUND}.
         */
        private Mono<String> gone(CallId call) {
            String message = "Call " + call + " is not live; it cannot be answered with audio.";
            return acd.agent(tenant, agent)
                    .flatMap(snapshot -> snapshot.state() instanceof AgentState.Offered offered
                                    && offered.call().equals(call)
                            ? acd.callerLeft(tenant, call).then()
                            : Mono.<Void>empty())
                    .onErrorResume(failure -> Mono.empty())
                    .thenReturn(error(ProblemCode.NOT_FOUND, message));
        }

        /** {@code rejoin {callId, sdp}} → {@code rejoined {callId, sdp}} and the state (see {@link AgentRejoin}). */
        private Flux<String> rejoined(AgentCommand.Rejoin again) {
            return rejoin.rejoin(tenant, agent, again.call(), again.sdp(), origin)
                    .map(sdp -> {
                        Map<String, Object> message = new LinkedHashMap<>();
                        message.put("type", "rejoined");
                        message.put("callId", again.call().value().toString());
                        message.put("sdp", sdp);
                        return json.writeValueAsString(message);
                    })
                    .flux()
                    .concatWith(state());
        }

        /** Enrols the agent on first sign-in (or re-enrols a logged-out one that names skills), then signs it in. */
        private Mono<Void> signIn(List<AgentSkill> requested) {
            List<AgentSkill> skills = requested.isEmpty() ? properties.skills() : requested;
            return acd.agent(tenant, agent)
                    .map(snapshot -> snapshot.state())
                    .onErrorResume(
                            failure -> failure instanceof ProblemException p && p.code() == ProblemCode.NOT_FOUND,
                            failure -> acd.enrol(tenant, agent, skills).thenReturn(AgentState.LOGGED_OUT))
                    .flatMap(state -> {
                        if (!(state instanceof AgentState.LoggedOut)) {
                            return Mono.empty(); // already signed in (a reconnect): just report the state
                        }
                        Mono<Void> enrolled = requested.isEmpty() ? Mono.empty() : acd.enrol(tenant, agent, requested);
                        return enrolled.then(acd.signIn(tenant, agent));
                    });
        }

        /** An agent hangs up only its own connected call. */
        private Mono<Void> ownCall(CallId call) {
            return acd.agent(tenant, agent).flatMap(snapshot -> switch (snapshot.state()) {
                case AgentState.Talking talking when talking.call().equals(call) -> Mono.empty();
                case AgentState.OnHold held when held.call().equals(call) -> Mono.empty();
                default ->
                    Mono.error(new ProblemException(
                            ProblemCode.ILLEGAL_TRANSITION,
                            "Call " + call + " is not connected to agent " + agent + " ("
                                    + snapshot.state().code() + ")."));
            });
        }

        /**
         * {@code getState}: the agent's state, with {@code call {callId, caller, since, onHold}} while it is on a call
         * (talking or holding); the caller's number is masked, and null when withheld or when the call is live on
         * another instance. An agent the ACD does not know yet is reported as logged out.
         */
        private Flux<String> currentState() {
            return acd.agent(tenant, agent)
                    .map(snapshot -> AgentSocket.this.stateWithCall(snapshot, calls))
                    .onErrorResume(
                            failure -> failure instanceof ProblemException p && p.code() == ProblemCode.NOT_FOUND,
                            failure -> Mono.just(
                                    AgentSocket.this.state(agent, AgentState.LOGGED_OUT, java.time.Instant.now())))
                    .flux();
        }

        Mono<String> push(AcdNotice notice) {
            return switch (notice) {
                case AcdNotice.Offer offer -> offerOnce(offer.offer());
                case AcdNotice.StateChanged changed ->
                    Mono.just(outbound.direction(
                            tenant,
                            agent,
                            changed.state(),
                            AgentSocket.this.state(agent, changed.state(), changed.since())));
            };
        }

        Mono<String> offerOnce(CallRouting.Offered offer) {
            if (offer.consultOf() != null) {
                consultOf.put(offer.call(), offer.consultOf());
            }
            if (!sent.add(offer.call() + "@" + offer.at())) {
                return Mono.empty();
            }
            // the caller's number for the screen pop: a consultation shows the caller it is about
            CallId about = offer.consultOf() != null ? offer.consultOf() : offer.call();
            return calls.offeredCaller(about)
                    .map(Optional::of)
                    .onErrorResume(error -> Mono.just(Optional.empty()))
                    .defaultIfEmpty(Optional.empty())
                    .map(caller -> offer(offer, caller.orElse(null)));
        }

        private Flux<String> state() {
            return acd.agent(tenant, agent).map(AgentSocket.this::state).flux();
        }

        /**
         * A call of another instance whose owner key expired (the owner died) while the ACD still has this agent on it:
         * the agent is freed (ACD hang-up) and told {@code callEnded {by: system, reason: INSTANCE_LOST}}. Calls that
         * ended normally (the agent is no longer on them) are just forgotten.
         */
        Flux<String> ownersLost() {
            if (remoteCalls.isEmpty()) {
                return Flux.empty();
            }
            return Flux.fromIterable(List.copyOf(remoteCalls.entrySet()))
                    .concatMap(entry -> routing.owned(entry.getValue()).flatMapMany(owned -> {
                        if (owned) {
                            return Flux.empty();
                        }
                        CallId call = entry.getKey();
                        remoteCalls.remove(call);
                        return acd.agent(tenant, agent)
                                .filter(snapshot -> onCall(snapshot.state(), call))
                                .flatMapMany(stillOn -> {
                                    log.warn(
                                            "The instance owning call {} of agent {} is gone; the call is over",
                                            call,
                                            agent);
                                    return acd.hangUp(tenant, call)
                                            .onErrorResume(failure -> Mono.empty())
                                            .then(Mono.just(callNotice(new CallNotice.CallEnded(
                                                    tenant, call, agent, CallNotice.EndedBy.SYSTEM, INSTANCE_LOST))))
                                            .concatWith(state());
                                });
                    }))
                    .onErrorResume(failure -> {
                        log.info("Owner check of agent {} failed (next time again): {}", agent, failure.toString());
                        return Flux.empty();
                    });
        }

        private static boolean onCall(AgentState state, CallId call) {
            return (state instanceof AgentState.Talking talking
                            && talking.call().equals(call))
                    || (state instanceof AgentState.OnHold held && held.call().equals(call));
        }

        Mono<Void> disconnected() {
            return rejoin.socketClosed(tenant, agent, origin)
                    .then(Flux.fromIterable(owners.entrySet())
                            .flatMap(owner ->
                                    routing.socketClosed(owner.getKey(), tenant, agent, origin, owner.getValue()))
                            .then())
                    .then(notReadyIfReady());
        }

        private Mono<Void> notReadyIfReady() {
            return acd.agent(tenant, agent)
                    .filter(snapshot -> snapshot.state() instanceof AgentState.Ready)
                    .flatMap(ready -> acd.notReady(tenant, agent, DISCONNECTED))
                    .onErrorResume(failure -> {
                        log.info(
                                "Agent {} of tenant {} left its socket; could not make it not ready: {}",
                                agent,
                                tenant,
                                failure.getMessage());
                        return Mono.empty();
                    });
        }
    }

    private String state(Acd.AgentSnapshot snapshot) {
        return state(snapshot.agent(), snapshot.state(), snapshot.stateSince());
    }

    /** The {@code state} message of a {@code getState} reply: the state, plus the call the agent is on. */
    private String stateWithCall(Acd.AgentSnapshot snapshot, CallSessions sessions) {
        CallId onCall =
                switch (snapshot.state()) {
                    case AgentState.Talking talking -> talking.call();
                    case AgentState.OnHold held -> held.call();
                    default -> null;
                };
        ObjectNode message = (ObjectNode) json.readTree(state(snapshot));
        if (onCall != null) {
            ObjectNode call = message.putObject("call");
            call.put("callId", onCall.value().toString());
            call.put(
                    "caller",
                    sessions.live(onCall)
                            .map(live -> CallerMask.mask(live.caller()))
                            .orElse(null));
            call.put("since", snapshot.stateSince().toString());
            call.put("onHold", snapshot.state() instanceof AgentState.OnHold);
        }
        return json.writeValueAsString(message);
    }

    private String state(AgentId agent, AgentState state, java.time.Instant since) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "state");
        message.put("agent", agent.value());
        message.put("state", state.code());
        message.put("since", since.toString());
        switch (state) {
            case AgentState.NotReady notReady -> message.put("reason", notReady.reason());
            case AgentState.Offered offered -> {
                message.put("callId", offered.call().value().toString());
                message.put("ringDeadline", offered.ringDeadline().toString());
            }
            case AgentState.Talking talking ->
                message.put("callId", talking.call().value().toString());
            case AgentState.OnHold held ->
                message.put("callId", held.call().value().toString());
            case AgentState.AfterCallWork wrapUp -> {
                message.put("callId", wrapUp.call().value().toString());
                message.put("until", wrapUp.until().toString());
            }
            case AgentState.LoggedOut ignored -> {}
            case AgentState.Ready ignored -> {}
        }
        return json.writeValueAsString(message);
    }

    /** {@code callEnded {callId, by, reason}} or {@code mediaLost {callId}} for the agent of the call. */
    private String callNotice(CallNotice notice) {
        Map<String, Object> message = new LinkedHashMap<>();
        switch (notice) {
            case CallNotice.CallEnded ended -> {
                message.put("type", "callEnded");
                message.put("callId", ended.call().value().toString());
                message.put("by", ended.by().name().toLowerCase(java.util.Locale.ROOT));
                message.put("reason", ended.reason());
            }
            case CallNotice.MediaLost lost -> {
                message.put("type", "mediaLost");
                message.put("callId", lost.call().value().toString());
            }
            case CallNotice.Parties parties -> {
                message.put("type", "parties");
                message.put("callId", parties.call().value().toString());
                message.put("consultId", parties.consult().value().toString());
                List<Map<String, Object>> list = new java.util.ArrayList<>();
                for (CallNotice.Party party : parties.parties()) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("role", party.role());
                    if (party.agentId() != null) {
                        entry.put("agentId", party.agentId());
                    }
                    entry.put("onHold", party.onHold());
                    list.add(entry);
                }
                message.put("parties", list);
            }
        }
        return json.writeValueAsString(message);
    }

    private String offer(CallRouting.Offered offer, CallSessions.@Nullable OfferedCaller caller) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "offer");
        message.put("callId", offer.call().value().toString());
        if (caller != null) {
            message.put("caller", caller.number());
            if (caller.keptCallback() && offer.consultOf() == null) {
                message.put("callback", true);
            }
        }
        message.put("group", offer.group().value());
        message.put("offeredAt", offer.at().toString());
        message.put("ringDeadline", offer.ringDeadline().toString());
        if (offer.consultOf() != null && offer.from() != null) {
            message.put("consultOf", offer.consultOf().value().toString());
            message.put("from", offer.from().value());
        }
        return json.writeValueAsString(message);
    }

    /** The reply to {@code answer} with audio: the media server's SDP answer, and whether it dials a kept callback. */
    private String answered(CallId call, String sdp, boolean keptCallback) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "answered");
        message.put("callId", call.value().toString());
        message.put("sdp", sdp);
        if (keptCallback) {
            message.put("callback", true);
        }
        return json.writeValueAsString(message);
    }

    /** A reply {@code {type, callId, <field>: value}} to a call-control command. */
    private String controlReply(String type, CallId call, String field, Object value) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", type);
        message.put("callId", call.value().toString());
        message.put(field, value);
        return json.writeValueAsString(message);
    }

    private static Map<String, Object> target(cn.hotline.call.acd.domain.TransferTarget to) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("kind", to.kindName());
        target.put("value", to.value());
        return target;
    }

    private String error(Throwable failure) {
        if (failure instanceof ProblemException problem) {
            return error(problem.code(), problem.detail());
        }
        log.warn("Agent socket command failed", failure);
        return error(ProblemCode.INTERNAL_ERROR, "The command failed; try again.");
    }

    private String error(ProblemCode code, String message) {
        return error(code.name(), message);
    }

    private String error(String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", "error");
        error.put("code", code);
        error.put("message", message);
        return json.writeValueAsString(error);
    }
}

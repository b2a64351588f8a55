package cn.hotline.call.supervision;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.call.acd.AcdNotice;
import cn.hotline.call.acd.AcdOverview;
import cn.hotline.call.acd.domain.AgentState;
import cn.hotline.call.messaging.MessageFrames;
import cn.hotline.call.session.AgentAbsence;
import cn.hotline.call.session.AgentRejoin;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.tenancy.Tenancy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /ws/supervisor}: a tenant's live seat and queue view. On connect and every {@code refresh} the socket sends
 * an {@code overview} (every agent: state, since, reason, call; every queue: waiting, oldest waiting since, ringing,
 * connected); between overviews each agent's change comes as an {@code agent} message, and each offer as a {@code
 * offer} message, as soon as the writer has persisted it. The only commands it takes are internal messages ({@link
 * MessageFrames}: {@code message}, {@code messagesRead}) and the monitor commands {@code listen}, {@code whisper},
 * {@code barge}, which it answers with an {@code error} {@value #NOT_SUPPORTED_YET}; other frames are ignored, and it pushes the messages the
 * supervisor may see (monitoring a call goes through the call-control API). Only for supervisors and admins who see
 * the whole tenant.
 */
final class SupervisorSocket {

    private static final Logger log = LoggerFactory.getLogger(SupervisorSocket.class);

    private final AcdManagement acd;
    private final JsonMapper json;
    private final Duration refresh;
    private final MessageFrames messages;
    private final AgentRejoin rejoin;

    SupervisorSocket(AcdManagement acd, JsonMapper json, Duration refresh, MessageFrames messages, AgentRejoin rejoin) {
        this.acd = acd;
        this.json = json;
        this.refresh = refresh;
        this.messages = messages;
        this.rejoin = rejoin;
    }

    Mono<Void> handle(WebSocketSession session, Caller caller) {
        if (caller.scope().isPresent()) {
            return session.send(Mono.just(session.textMessage(error(new ProblemException(
                            ProblemCode.FORBIDDEN,
                            "The live view is not yet kept per workstation; ask a user who sees the whole tenant.")))))
                    .then(session.close(CloseStatus.POLICY_VIOLATION));
        }
        TenantId tenant = caller.tenant();
        Flux<String> overviews = Flux.interval(Duration.ZERO, refresh)
                .onBackpressureDrop()
                .concatMap(tick -> acd.overview(tenant)
                        .map(overview -> overview(overview, tenant))
                        .onErrorResume(failure -> Mono.just(error(failure))));
        // agents whose browser dropped mid-call (the call waits for them): this instance's calls only
        Flux<String> absences = rejoin.changes()
                .filter(absence -> absence.tenant().equals(tenant))
                .map(this::absence);
        Flux<String> changes = Flux.defer(() -> acd.notices(tenant))
                .map(this::notice)
                .onErrorResume(failure -> {
                    log.info("Supervisor view of tenant {} lost its notices: {}", tenant, failure.toString());
                    return Mono.delay(refresh).then(Mono.empty());
                })
                .repeat();
        String origin = "supervisor-" + cn.hotline.kernel.id.Uuids.v7();
        Flux<String> messaged = Flux.defer(() -> messages.pushes(caller, origin))
                .onErrorResume(failure -> {
                    log.info("Supervisor messages of tenant {} interrupted: {}", tenant, failure.toString());
                    return Mono.delay(refresh).then(Mono.empty());
                })
                .repeat();
        // The view ends when the supervisor closes the socket; incoming frames other than message commands are ignored.
        Sinks.Empty<Void> closed = Sinks.empty();
        Flux<String> replies = session.receive()
                .map(WebSocketMessage::getPayloadAsText)
                .concatMap(frame -> messages.handles(frame) ? messages.command(caller, origin, frame) : monitor(frame))
                .doFinally(signal -> closed.tryEmitEmpty());
        return session.send(Flux.merge(overviews, changes, messaged, absences)
                        .takeUntilOther(closed.asMono())
                        .mergeWith(replies)
                        .map(session::textMessage))
                .onErrorResume(failure -> Mono.empty())
                .contextWrite(Tenancy.bind(caller.tenantContext()));
    }

    /** Monitor commands the console already sends; answered {@value #NOT_SUPPORTED_YET} until the media plane does them. */
    private static final java.util.Set<String> MONITOR = java.util.Set.of("listen", "whisper", "barge");

    static final String NOT_SUPPORTED_YET = "NOT_SUPPORTED_YET";

    private Mono<String> monitor(String frame) {
        tools.jackson.databind.JsonNode command;
        try {
            command = json.readTree(frame);
        } catch (tools.jackson.core.JacksonException e) {
            return Mono.empty();
        }
        if (command == null
                || !command.isObject()
                || command.get("type") == null
                || !MONITOR.contains(command.get("type").asString())) {
            return Mono.empty();
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "error");
        message.put("code", NOT_SUPPORTED_YET);
        message.put(
                "message",
                "Listen, whisper and barge are not supported yet: the call's media is not yet joined to a supervisor's"
                        + " leg.");
        tools.jackson.databind.JsonNode requestId = command.get("requestId");
        if (requestId != null && requestId.isString()) {
            message.put("requestId", requestId.stringValue());
        }
        return Mono.just(json.writeValueAsString(message));
    }

    private String overview(AcdOverview overview, TenantId tenant) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "overview");
        message.put("at", overview.at().toString());
        message.put("agents", overview.agents());
        message.put("queues", overview.queues());
        message.put(
                "disconnected",
                rejoin.absent(tenant).stream().map(this::absenceFields).toList());
        return json.writeValueAsString(message);
    }

    /** {@code agentConnection {agent, callId, connected, since, deadline}}: an agent away from its call, or back. */
    private String absence(AgentAbsence absence) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "agentConnection");
        message.putAll(absenceFields(absence));
        return json.writeValueAsString(message);
    }

    private Map<String, Object> absenceFields(AgentAbsence absence) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("agent", absence.agent().value());
        fields.put("callId", absence.call().value().toString());
        fields.put("connected", !absence.away());
        fields.put("since", absence.since().toString());
        fields.put("deadline", absence.deadline().toString());
        return fields;
    }

    private String notice(AcdNotice notice) {
        Map<String, Object> message = new LinkedHashMap<>();
        switch (notice) {
            case AcdNotice.StateChanged changed -> {
                message.put("type", "agent");
                message.put("agent", changed.agent().value());
                message.put("state", changed.state().code());
                message.put("since", changed.since().toString());
                if (changed.state() instanceof AgentState.NotReady notReady) {
                    message.put("reason", notReady.reason());
                }
            }
            case AcdNotice.Offer offer -> {
                message.put("type", "offer");
                message.put("agent", offer.agent().value());
                message.put("callId", offer.offer().call().toString());
                message.put("group", offer.offer().group().value());
                message.put("offeredAt", offer.offer().at().toString());
            }
        }
        return json.writeValueAsString(message);
    }

    private String error(Throwable failure) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "error");
        if (failure instanceof ProblemException problem) {
            message.put("code", problem.code().name());
            message.put("message", problem.detail());
        } else {
            log.warn("Supervisor view failed", failure);
            message.put("code", ProblemCode.INTERNAL_ERROR.name());
            message.put("message", "The live view failed; it tries again.");
        }
        return json.writeValueAsString(message);
    }
}

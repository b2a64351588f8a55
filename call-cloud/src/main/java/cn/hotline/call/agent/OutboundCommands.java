package cn.hotline.call.agent;

import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.session.CallbackDialer;
import cn.hotline.call.session.ExternalTransfer;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent socket's commands that reach outside the centre: {@code transfer} to a number or another city's 12345,
 * and {@code dial} (a callback from the agent's browser).
 * Replies: {@code transferred {callId, to: {kind, value}, number}} once the caller talks to the far end, or
 * {@code transferFailed {callId, to, outcome, sipStatus, detail}} (the caller stays with the agent and hears music
 * until the agent's browser rejoins with a fresh offer).
 */
final class OutboundCommands {

    private final ObjectProvider<ExternalTransfer> transfers;
    private final ObjectProvider<CallbackDialer> dialer;
    private final JsonMapper json;

    OutboundCommands(
            ObjectProvider<ExternalTransfer> transfers, ObjectProvider<CallbackDialer> dialer, JsonMapper json) {
        this.transfers = transfers;
        this.dialer = dialer;
        this.json = json;
    }

    /** {@code dial}: the reply {@code dialing {callId, sdp}} (the media server's answer for the browser). */
    Mono<String> dial(TenantId tenant, AgentId agent, AgentCommand.Dial command) {
        CallbackDialer calls = dialer.getIfAvailable();
        if (calls == null) {
            return Mono.error(
                    new ProblemException(ProblemCode.DEPENDENCY_DOWN, "Dialling out is not configured here."));
        }
        return calls.dial(tenant, agent, command.number(), command.sdp(), command.callbackTask())
                .map(dialing -> {
                    Map<String, Object> message = new LinkedHashMap<>();
                    message.put("type", "dialing");
                    message.put("callId", dialing.call().value().toString());
                    message.put("sdp", dialing.sdp());
                    return json.writeValueAsString(message);
                });
    }

    /** The number a kept callback's offer will dial; empty when {@code call} is none (or dialling is not set up). */
    Mono<String> keptNumber(TenantId tenant, CallId call) {
        CallbackDialer calls = dialer.getIfAvailable();
        return calls == null ? Mono.empty() : calls.keptNumber(tenant, call);
    }

    /** Dials the kept callback {@code call} the agent answered; emits the media server's answer for the browser. */
    Mono<String> dialKept(TenantId tenant, AgentId agent, CallId call, String sdp) {
        CallbackDialer calls = dialer.getIfAvailable();
        if (calls == null) {
            return Mono.error(
                    new ProblemException(ProblemCode.DEPENDENCY_DOWN, "Dialling out is not configured here."));
        }
        return calls.dialKept(tenant, agent, call, sdp).map(CallbackDialer.Dialing::sdp);
    }

    /** Whether {@code call} is the agent's outbound call (its hang-up goes to the dialer, not the ACD). */
    boolean dialling(TenantId tenant, AgentId agent, CallId call) {
        CallbackDialer calls = dialer.getIfAvailable();
        return calls != null && calls.owns(tenant, agent, call);
    }

    Mono<Void> hangUpDial(TenantId tenant, AgentId agent, CallId call) {
        return java.util.Objects.requireNonNull(dialer.getIfAvailable()).hangUp(tenant, agent, call);
    }

    /**
     * An ACD state push of an agent talking on its own outbound call (the ACD has it TALKING from the dial on) gets
     * {@code direction: OUTBOUND}, like the dialler's own push.
     */
    String direction(TenantId tenant, AgentId agent, cn.hotline.call.acd.domain.AgentState state, String message) {
        CallbackDialer calls = dialer.getIfAvailable();
        if (state instanceof cn.hotline.call.acd.domain.AgentState.Talking talking
                && calls != null
                && calls.talkingOutbound(tenant, agent, talking.call())) {
            tools.jackson.databind.node.ObjectNode node =
                    (tools.jackson.databind.node.ObjectNode) json.readTree(message);
            node.put("direction", "OUTBOUND");
            return json.writeValueAsString(node);
        }
        return message;
    }

    /** The agent's outbound call answered ({@code state} TALKING, direction OUTBOUND) or ended ({@code callEnded}). */
    reactor.core.publisher.Flux<String> pushes(TenantId tenant, AgentId agent) {
        CallbackDialer calls = dialer.getIfAvailable();
        if (calls == null) {
            return reactor.core.publisher.Flux.empty();
        }
        return calls.notices()
                .filter(notice ->
                        notice.tenant().equals(tenant) && notice.agent().equals(agent))
                .map(notice -> {
                    Map<String, Object> message = new LinkedHashMap<>();
                    switch (notice) {
                        case CallbackDialer.Notice.Answered answered -> {
                            message.put("type", "state");
                            message.put("agent", agent.value());
                            message.put("state", "TALKING");
                            message.put("since", answered.at().toString());
                            message.put("callId", answered.call().value().toString());
                            message.put("direction", "OUTBOUND");
                        }
                        case CallbackDialer.Notice.Ended ended -> {
                            message.put("type", "callEnded");
                            message.put("callId", ended.call().value().toString());
                            message.put("by", ended.by());
                            message.put("reason", ended.reason());
                            message.put("outcome", ended.outcome().name());
                            message.put("direction", "OUTBOUND");
                        }
                    }
                    return json.writeValueAsString(message);
                });
    }

    Mono<ExternalTransfer.Result> transfer(TenantId tenant, AgentId agent, AgentCommand.TransferOut command) {
        ExternalTransfer transfer = transfers.getIfAvailable();
        if (transfer == null) {
            return Mono.error(
                    new ProblemException(ProblemCode.DEPENDENCY_DOWN, "Transfers out are not configured here."));
        }
        return transfer.transfer(tenant, agent, command.call(), command.to());
    }

    String reply(ExternalTransfer.Result result) {
        Map<String, Object> message = new LinkedHashMap<>();
        Map<String, Object> to = new LinkedHashMap<>();
        to.put("kind", result.to().wireKind());
        to.put("value", result.to().value());
        switch (result) {
            case ExternalTransfer.Transferred transferred -> {
                message.put("type", "transferred");
                message.put("callId", transferred.call().value().toString());
                message.put("to", to);
                message.put("number", transferred.number());
            }
            case ExternalTransfer.Failed failed -> {
                message.put("type", "transferFailed");
                message.put("callId", failed.call().value().toString());
                message.put("to", to);
                message.put("outcome", failed.outcome().name());
                message.put("sipStatus", failed.sipStatus());
                message.put("detail", failed.detail());
            }
        }
        return json.writeValueAsString(message);
    }
}

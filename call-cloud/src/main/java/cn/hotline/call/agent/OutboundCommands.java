package cn.hotline.call.agent;

import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.session.ExternalTransfer;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent socket's commands that reach outside the centre: {@code transfer} to a number or another city's 12345.
 * Replies: {@code transferred {callId, to: {kind, value}, number}} once the caller talks to the far end, or
 * {@code transferFailed {callId, to, outcome, sipStatus, detail}} (the caller stays with the agent and hears music
 * until the agent's browser rejoins with a fresh offer).
 */
final class OutboundCommands {

    private final ObjectProvider<ExternalTransfer> transfers;
    private final JsonMapper json;

    OutboundCommands(ObjectProvider<ExternalTransfer> transfers, JsonMapper json) {
        this.transfers = transfers;
        this.json = json;
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

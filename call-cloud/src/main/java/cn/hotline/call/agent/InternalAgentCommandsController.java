package cn.hotline.call.agent;

import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /internal/calls/{callId}/agent-commands}: runs a call-scoped agent-socket command another instance
 * forwarded because this instance owns the call ({@link CallCommandRouting}); never forwarded again. The body is
 * {@code {tenant, agent, origin, frame}} (or {@code {tenant, agent, origin, closed: true}} when that socket closed);
 * the answer {@code {replies: [frame, …]}} holds the frames a local socket would have been sent in reply, errors
 * included ({@code error} frames keep their problem codes). The kernel's chain requires {@code X-Internal-Token}.
 */
@RestController
class InternalAgentCommandsController {

    private final AgentSocket socket;
    private final JsonMapper json;

    InternalAgentCommandsController(AgentSocket socket, JsonMapper json) {
        this.socket = socket;
        this.json = json;
    }

    @PostMapping(
            path = RemoteAgentCommands.PATH,
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<String> run(@PathVariable String callId, @RequestBody String body) {
        ForwardedCommand command;
        CallId call;
        try {
            call = CallId.parse(callId);
            command = read(body);
        } catch (JacksonException | IllegalArgumentException e) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "Not a forwarded agent command: " + e.getMessage()));
        }
        String frame = command.frame();
        if (frame == null) {
            return socket.forwardedClose(command.tenant(), command.agent(), command.origin())
                    .thenReturn(json.writeValueAsString(Map.of("replies", java.util.List.of())));
        }
        CallId named = socket.callOf(frame);
        if (!call.equals(named)) {
            return Mono.error(new ProblemException(
                    ProblemCode.VALIDATION_FAILED, "The forwarded frame is not about call " + call + "."));
        }
        return socket.forwarded(command.tenant(), command.agent(), command.origin(), frame)
                .collectList()
                .map(replies -> json.writeValueAsString(Map.of("replies", replies)));
    }

    private ForwardedCommand read(String body) {
        JsonNode node = json.readTree(body);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a JSON object is expected");
        }
        return new ForwardedCommand(
                TenantId.of(required(node, "tenant")),
                AgentId.of(required(node, "agent")),
                required(node, "origin"),
                text(node, "frame"),
                node.has("closed") && node.get("closed").asBoolean());
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            throw new IllegalArgumentException("\"" + field + "\" is required");
        }
        return value;
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isString() ? null : value.stringValue();
    }
}

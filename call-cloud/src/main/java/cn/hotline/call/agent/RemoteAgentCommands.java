package cn.hotline.call.agent;

import cn.hotline.call.acd.AcdManagement;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends a call-scoped socket command to the instance that owns the call ({@code POST
 * /internal/calls/{callId}/agent-commands}, {@link InternalAgentCommandsController}, {@code X-Internal-Token}) and
 * gives back the owner's reply frames as they are. The owner's address is the one every instance advertises for the
 * ACD ({@link AcdManagement#instanceAddress}). An owner that is not advertised, does not answer within the timeout
 * or answers with anything but its replies: {@code SERVICE_UNAVAILABLE} (nothing was done here; the agent retries).
 */
final class RemoteAgentCommands {

    static final String PATH = "/internal/calls/{callId}/agent-commands";
    static final String INTERNAL_TOKEN_HEADER = "X-Internal-Token";

    private final WebClient http;
    private final AcdManagement acd;
    private final JsonMapper json;
    private final String internalToken;
    private final Duration timeout;

    RemoteAgentCommands(WebClient http, AcdManagement acd, JsonMapper json, String internalToken, Duration timeout) {
        this.http = http;
        this.acd = acd;
        this.json = json;
        this.internalToken = internalToken;
        this.timeout = timeout;
    }

    /** Runs {@code command} on instance {@code owner}; emits its reply frames (none for a closed socket). */
    Mono<List<String>> send(String owner, CallId call, ForwardedCommand command) {
        return acd.instanceAddress(owner)
                .switchIfEmpty(Mono.error(() -> unavailable(call, "is not reachable (not advertised)")))
                .flatMap(address -> http.post()
                        .uri(address + PATH, call.value().toString())
                        .header(INTERNAL_TOKEN_HEADER, internalToken)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(write(command))
                        .exchangeToMono(this::read)
                        .timeout(timeout))
                .onErrorMap(
                        failure -> !(failure instanceof ProblemException),
                        failure -> unavailable(
                                call, "did not answer (" + failure.getClass().getSimpleName() + ")"));
    }

    String write(ForwardedCommand command) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", command.tenant().value());
        body.put("agent", command.agent().value());
        body.put("origin", command.origin());
        if (command.frame() != null) {
            body.put("frame", command.frame());
        }
        body.put("closed", command.closed());
        return json.writeValueAsString(body);
    }

    private Mono<List<String>> read(ClientResponse response) {
        return response.bodyToMono(String.class).defaultIfEmpty("").flatMap(body -> {
            if (!response.statusCode().is2xxSuccessful()) {
                return Mono.error(new ProblemException(
                        ProblemCode.SERVICE_UNAVAILABLE,
                        "The call-cloud instance that owns the call answered "
                                + response.statusCode().value() + "; retry the request."));
            }
            JsonNode replies = json.readTree(body).get("replies");
            List<String> frames = new ArrayList<>();
            if (replies != null) {
                replies.forEach(reply -> frames.add(reply.stringValue()));
            }
            return Mono.just(List.copyOf(frames));
        });
    }

    private static ProblemException unavailable(CallId call, String why) {
        return new ProblemException(
                ProblemCode.SERVICE_UNAVAILABLE,
                "The call-cloud instance that owns call " + call + " " + why + "; retry the request.");
    }
}

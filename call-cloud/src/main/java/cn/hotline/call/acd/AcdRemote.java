package cn.hotline.call.acd;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends a command to the instance that runs a tenant's writer ({@code POST
 * /internal/acd/tenants/{tenant}/commands}, {@link InternalAcdController}) and turns its answer back into what a
 * local run would give: the result, or a {@link ProblemException} with the same code.
 */
final class AcdRemote {

    static final String INTERNAL_TOKEN_HEADER = "X-Internal-Token";

    private final WebClient http;
    private final AcdWire wire;
    private final JsonMapper json = JsonMapper.builder().build();
    private final String internalToken;
    private final Duration timeout;

    AcdRemote(WebClient http, AcdWire wire, String internalToken, Duration timeout) {
        this.http = http;
        this.wire = wire;
        this.internalToken = internalToken;
        this.timeout = timeout;
    }

    Mono<AcdWire.Reply> send(String baseUrl, TenantId tenant, AcdCommand command) {
        return http.post()
                .uri(baseUrl + "/internal/acd/tenants/{tenant}/commands", tenant.value())
                .header(INTERNAL_TOKEN_HEADER, internalToken)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(wire.write(command))
                .exchangeToMono(this::read)
                .timeout(timeout)
                .onErrorMap(
                        failure -> !(failure instanceof ProblemException),
                        failure -> new ProblemException(
                                ProblemCode.SERVICE_UNAVAILABLE,
                                "The call-cloud instance running the ACD of tenant " + tenant
                                        + " did not answer; retry the request."));
    }

    private Mono<AcdWire.Reply> read(ClientResponse response) {
        return response.bodyToMono(String.class).defaultIfEmpty("").flatMap(body -> {
            if (response.statusCode().is2xxSuccessful()) {
                return Mono.just(wire.reply(body));
            }
            return Mono.error(problem(body, response.statusCode().value()));
        });
    }

    private ProblemException problem(String body, int status) {
        String code = null;
        String detail = null;
        try {
            JsonNode node = json.readTree(body);
            code = text(node, "code");
            detail = text(node, "detail");
        } catch (RuntimeException e) {
            // not a problem detail: fall through
        }
        ProblemCode known = code == null ? null : known(code);
        if (known == null) {
            return new ProblemException(
                    ProblemCode.SERVICE_UNAVAILABLE,
                    "The call-cloud instance running the tenant's ACD answered " + status + "; retry the request.");
        }
        return new ProblemException(known, detail == null ? known.name() : detail);
    }

    private static @Nullable ProblemCode known(String code) {
        try {
            return ProblemCode.valueOf(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}

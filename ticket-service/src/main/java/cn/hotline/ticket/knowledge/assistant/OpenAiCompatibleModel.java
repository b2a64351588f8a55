package cn.hotline.ticket.knowledge.assistant;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A tenant's model behind an OpenAI-compatible chat-completions endpoint ({@code POST <endpoint>/chat/completions}):
 * temperature 0, the rules in the system message, the sources in the user message.
 */
public final class OpenAiCompatibleModel implements AnswerModel {

    private final WebClient client;
    private final String model;
    private final Duration timeout;

    /**
     * @param endpoint the API base, e.g. {@code https://llm.example.gov.cn/v1}
     * @param apiKey sent as a bearer token when present
     */
    public OpenAiCompatibleModel(
            WebClient.Builder builder, URI endpoint, String model, @Nullable String apiKey, Duration timeout) {
        String base = endpoint.toString().replaceAll("/+$", "");
        WebClient.Builder configured = builder.clone().baseUrl(base);
        if (apiKey != null && !apiKey.isBlank()) {
            configured.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey);
        }
        this.client = configured.build();
        this.model = model;
        this.timeout = timeout;
    }

    @Override
    public Mono<String> phrase(String question, List<Source> sources) {
        Map<String, Object> request = Map.of(
                "model",
                model,
                "temperature",
                0,
                "messages",
                List.of(
                        Map.of("role", "system", "content", Answers.systemPrompt()),
                        Map.of("role", "user", "content", Answers.userPrompt(question, sources))));
        return client.post()
                .uri("/chat/completions")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request)
                .retrieve()
                .bodyToMono(JsonNode.class)
                .timeout(timeout)
                .map(body -> body.path("choices")
                        .path(0)
                        .path("message")
                        .path("content")
                        .asString(""));
    }
}

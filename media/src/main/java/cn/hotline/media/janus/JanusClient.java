package cn.hotline.media.janus;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/** Talks to Janus over its HTTP transport (base path {@code /janus}). */
public final class JanusClient {

    private final WebClient http;
    private final URI base;

    public JanusClient(WebClient http, URI base) {
        this.http = http;
        this.base = base;
    }

    /** The server's self-description: version and loaded plugins. */
    public Mono<ServerInfo> info() {
        return http.get()
                .uri(base.resolve(base.getPath().endsWith("/") ? "info" : base.getPath() + "/info"))
                .retrieve()
                .bodyToMono(ServerInfo.class);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ServerInfo(
            @JsonProperty("janus") String janus,
            @JsonProperty("name") String name,
            @JsonProperty("version_string") String version,
            @JsonProperty("plugins") java.util.Map<String, Object> plugins) {}
}

package cn.hotline.workforce.directory;

import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.problem.ProblemCode;
import cn.hotline.kernel.problem.ProblemException;
import cn.hotline.kernel.security.InternalToken;
import cn.hotline.kernel.security.SecurityProperties;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The members of a tenant's skill group, read from tenant-service's
 * {@code GET /internal/tenants/{t}/skill-groups/{code}/members} with the platform's {@code X-Internal-Token}: the user
 * ids (tokens' subjects) of its active users. Empty for a group tenant-service does not know; tenant-service down or
 * failing is {@code DEPENDENCY_DOWN} (fail closed: nobody is addressed by a guess).
 */
@Component
@EnableConfigurationProperties(DirectoryProperties.class)
public final class SkillGroups {

    private final WebClient http;
    private final DirectoryProperties properties;

    SkillGroups(DirectoryProperties properties, SecurityProperties security) {
        this.properties = properties;
        this.http = WebClient.builder()
                .baseUrl(String.valueOf(properties.baseUrl()))
                .defaultHeader(InternalToken.HEADER, security.internalTokenValue())
                .build();
    }

    /** The user ids of the group's active members; empty when tenant-service has no such group. */
    public Mono<Optional<List<String>>> members(TenantId tenant, String group) {
        return http.get()
                .uri("/internal/tenants/{t}/skill-groups/{g}/members", tenant.value(), group)
                .exchangeToMono(response -> {
                    if (response.statusCode() == HttpStatus.NOT_FOUND) {
                        return Mono.just(Optional.<List<String>>empty());
                    }
                    if (!response.statusCode().is2xxSuccessful()) {
                        return response.createError();
                    }
                    return response.bodyToMono(JsonNode.class)
                            .map(body -> Optional.of(body.path("members")
                                    .valueStream()
                                    .map(member -> member.path("userId").asString())
                                    .filter(id -> !id.isBlank())
                                    .toList()));
                })
                .timeout(Objects.requireNonNull(properties.timeout()))
                .onErrorMap(
                        error -> !(error instanceof ProblemException),
                        error -> new ProblemException(
                                ProblemCode.DEPENDENCY_DOWN,
                                "tenant-service did not answer for skill group " + group + ": " + error.getMessage(),
                                Map.of("dependency", "tenant-service")));
    }
}

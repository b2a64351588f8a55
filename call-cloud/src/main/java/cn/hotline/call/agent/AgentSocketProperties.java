package cn.hotline.call.agent;

import cn.hotline.call.acd.domain.AgentSkill;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the agent socket ({@code cc.call.agent.*}).
 *
 * @param defaultSkills the skills an agent is enrolled with on first sign-in when its {@code signIn} message names
 *     none, as {@code skill:level} (default {@code general:5}). A stopgap: the real skills will come from
 *     tenant-service's directory.
 */
@ConfigurationProperties(prefix = "cc.call.agent")
public record AgentSocketProperties(@Nullable List<String> defaultSkills) {

    public AgentSocketProperties {
        defaultSkills =
                defaultSkills == null || defaultSkills.isEmpty() ? List.of("general:5") : List.copyOf(defaultSkills);
        defaultSkills.forEach(AgentSocketProperties::parse);
    }

    /** The default skills, parsed. */
    public List<AgentSkill> skills() {
        return java.util.Objects.requireNonNull(defaultSkills).stream()
                .map(AgentSocketProperties::parse)
                .toList();
    }

    static AgentSkill parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("cc.call.agent.default-skills: '" + text + "' is not skill:level");
        }
        try {
            return AgentSkill.of(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cc.call.agent.default-skills: '" + text + "' has no numeric level", e);
        }
    }
}

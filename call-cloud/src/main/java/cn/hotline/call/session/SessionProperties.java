package cn.hotline.call.session;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Live calls ({@code cc.call.session}).
 *
 * @param defaultGroup the skill group every call waits in until routing rules choose
 * @param instanceId this instance's name in the calls' owner records; random when not set
 */
@Validated
@ConfigurationProperties("cc.call.session")
public record SessionProperties(
        @Nullable String defaultGroup, @Nullable Integer defaultPriority, @Nullable String instanceId) {

    public SessionProperties {
        defaultGroup = defaultGroup == null || defaultGroup.isBlank() ? "general" : defaultGroup;
        defaultPriority = defaultPriority == null ? 0 : defaultPriority;
        instanceId = instanceId == null || instanceId.isBlank()
                ? "call-cloud-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime())
                : instanceId;
    }
}

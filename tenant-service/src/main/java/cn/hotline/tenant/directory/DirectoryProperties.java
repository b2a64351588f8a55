package cn.hotline.tenant.directory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Directory settings, prefix {@code cc.tenant.directory}.
 *
 * @param internalToken the shared secret other services present as {@code X-Internal-Token} on {@code /internal/**}
 *     (from {@code CC_INTERNAL_TOKEN}); blank refuses every internal call (fail closed)
 */
@ConfigurationProperties("cc.tenant.directory")
public record DirectoryProperties(@DefaultValue("") String internalToken) {}

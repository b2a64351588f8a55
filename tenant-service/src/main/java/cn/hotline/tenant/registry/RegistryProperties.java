package cn.hotline.tenant.registry;

import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param internalToken the shared secret other services present in {@code X-Internal-Token} ({@code CC_INTERNAL_TOKEN})
 */
@Validated
@ConfigurationProperties(prefix = "cc.tenant")
public record RegistryProperties(@Size(min = 16) String internalToken) {}

package cn.hotline.tenant.provisioning;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where and how tenants' resources are provisioned.
 *
 * @param pulsar the Pulsar admin endpoint, the namespaces every tenant gets and their limits
 * @param storage the S3-compatible store of recordings and the retention of a tenant's recordings bucket
 * @param staleAfter how long a tenant may sit in {@code PROVISIONING} without progress before a retry may take it over
 */
@Validated
@ConfigurationProperties(prefix = "cc.tenant.provisioning")
public record ProvisioningProperties(@NotNull Pulsar pulsar, @NotNull Storage storage, Duration staleAfter) {

    public ProvisioningProperties {
        if (staleAfter == null) {
            staleAfter = Duration.ofMinutes(10);
        }
        if (staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("cc.tenant.provisioning.stale-after must be positive");
        }
    }

    public record Pulsar(
            @NotNull URI adminUrl,
            @NotEmpty List<String> namespaces,
            @Min(1) long backlogQuotaBytes,
            @Min(1) int publishRateMessagesPerSecond,
            @Min(1) long publishRateBytesPerSecond) {}

    public record Storage(
            @NotNull URI endpoint,
            @NotBlank String region,
            @NotBlank String accessKey,
            @NotBlank String secretKey,
            @NotBlank String bucketPrefix,
            @Min(366) int retentionDays) {}
}

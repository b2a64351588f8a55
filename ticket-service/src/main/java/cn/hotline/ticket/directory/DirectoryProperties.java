package cn.hotline.ticket.directory;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code cc.ticket.directory}: where tenant-service answers and how long its answers are kept.
 *
 * @param baseUrl tenant-service's base URL (internal network)
 * @param cacheFor how long a tenant's units and calendar are reused before they are read again
 * @param timeout how long one call may take
 */
@Validated
@ConfigurationProperties(prefix = "cc.ticket.directory")
public record DirectoryProperties(URI baseUrl, Duration cacheFor, Duration timeout) {

    public DirectoryProperties {
        if (baseUrl == null) {
            baseUrl = URI.create("http://127.0.0.1:18081");
        }
        if (cacheFor == null || cacheFor.isNegative()) {
            cacheFor = Duration.ofSeconds(30);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            timeout = Duration.ofSeconds(5);
        }
    }
}

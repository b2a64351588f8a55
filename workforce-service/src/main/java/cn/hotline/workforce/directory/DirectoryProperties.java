package cn.hotline.workforce.directory;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code cc.workforce.directory.*}: tenant-service's address ({@code CC_TENANT_SERVICE_URL}) and how long a read may
 * take.
 */
@ConfigurationProperties("cc.workforce.directory")
public record DirectoryProperties(@Nullable URI baseUrl, @Nullable Duration timeout) {

    public DirectoryProperties {
        baseUrl = baseUrl == null ? URI.create("http://127.0.0.1:18081") : baseUrl;
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
    }
}

package cn.hotline.call.ivr;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where call-cloud reads tenants' calendars ({@code cc.call.tenant-service}).
 *
 * @param url tenant-service's base URL ({@code CC_TENANT_SERVICE_URL})
 * @param calendarTtl how long a tenant's calendar is kept before it is asked again
 * @param timeout how long to wait for tenant-service before falling back
 */
@ConfigurationProperties("cc.call.tenant-service")
public record IvrProperties(@Nullable URI url, @Nullable Duration calendarTtl, @Nullable Duration timeout) {

    public IvrProperties {
        url = url == null ? URI.create("http://127.0.0.1:18081") : url;
        calendarTtl = calendarTtl == null ? Duration.ofMinutes(5) : calendarTtl;
        timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
    }
}

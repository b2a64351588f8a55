package cn.hotline.workforce.events;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code cc.workforce.events}: which topics the service follows.
 *
 * @param enabled whether the consumers run (tests of other features may switch them off)
 * @param callTopicPattern call-cloud's topic per tenant; {@code {tenant}} is replaced by the tenant slug
 * @param ticketTopicPattern ticket-service's topic per tenant
 * @param subscription the durable subscription name (Failover: one instance consumes a topic at a time, in order)
 * @param pulsarAdminUrl where the tenants are listed ({@code GET /admin/v2/tenants}); a tenant whose namespace does
 *     not exist yet is tried again at the next refresh
 * @param tenantRefresh how often new tenants are looked for
 * @param foldTimeout how long the sinks may take over one event; a fold that takes longer (a hung connection, a lock
 *     that is never released) is given up and the event is delivered again later, so one stuck event cannot hold a
 *     tenant's topic forever
 */
@ConfigurationProperties("cc.workforce.events")
public record EventsProperties(
        @Nullable Boolean enabled,
        @Nullable String callTopicPattern,
        @Nullable String ticketTopicPattern,
        @Nullable String subscription,
        @Nullable URI pulsarAdminUrl,
        @Nullable Duration tenantRefresh,
        @Nullable Duration foldTimeout) {

    public EventsProperties {
        enabled = enabled == null || enabled;
        callTopicPattern = callTopicPattern == null ? "persistent://{tenant}/calls/call-events" : callTopicPattern;
        ticketTopicPattern =
                ticketTopicPattern == null ? "persistent://{tenant}/tickets/ticket-events" : ticketTopicPattern;
        subscription = subscription == null ? "workforce-service" : subscription;
        pulsarAdminUrl = pulsarAdminUrl == null ? URI.create("http://127.0.0.1:8080") : pulsarAdminUrl;
        tenantRefresh = tenantRefresh == null ? Duration.ofSeconds(30) : tenantRefresh;
        foldTimeout = foldTimeout == null ? Duration.ofSeconds(30) : foldTimeout;
        if (!callTopicPattern.contains("{tenant}") || !ticketTopicPattern.contains("{tenant}")) {
            throw new IllegalArgumentException("cc.workforce.events topic patterns must contain {tenant}");
        }
        if (tenantRefresh.isNegative() || tenantRefresh.isZero()) {
            throw new IllegalArgumentException("cc.workforce.events.tenant-refresh must be positive");
        }
        if (foldTimeout.isNegative() || foldTimeout.isZero()) {
            throw new IllegalArgumentException("cc.workforce.events.fold-timeout must be positive");
        }
    }
}

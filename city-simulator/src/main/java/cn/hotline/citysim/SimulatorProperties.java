package cn.hotline.citysim;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The simulator's settings (all of them can also be changed at run time through its API).
 *
 * @param failureRate share of deliveries answered 503 without any effect (0 … 1)
 * @param timeoutRate share of deliveries that take effect but are answered only after {@code timeoutDelay}, as when
 *     the answer is lost on the way back
 * @param timeoutDelay how long a stalled answer waits
 * @param targetUrl where pushes go: the platform's gateway or ticket-service ({@code /hooks/city/...} is appended)
 * @param tenants per tenant: the secret the simulator signs its pushes with, and the secrets it accepts on deliveries
 */
@ConfigurationProperties(prefix = "cc.city-sim")
public record SimulatorProperties(
        double failureRate,
        double timeoutRate,
        @Nullable Duration timeoutDelay,
        @Nullable URI targetUrl,
        @Nullable Map<String, TenantSecrets> tenants) {

    /** The secrets of one tenant, {@code whsec_…}. */
    public record TenantSecrets(@Nullable String signingSecret, @Nullable List<String> verifyingSecrets) {}

    public SimulatorProperties {
        Faults.check(failureRate, timeoutRate);
        if (timeoutDelay == null) {
            timeoutDelay = Duration.ofSeconds(30);
        }
        if (targetUrl == null) {
            targetUrl = URI.create("http://127.0.0.1:18080");
        }
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    }
}

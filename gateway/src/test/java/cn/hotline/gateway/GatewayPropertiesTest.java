package cn.hotline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import cn.hotline.gateway.GatewayProperties.Breaker;
import cn.hotline.gateway.GatewayProperties.Cors;
import cn.hotline.gateway.GatewayProperties.Upstream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayPropertiesTest {

    @Test
    void countsThePrefixSegmentsToRemove() {
        assertThat(upstream("/api/tenant").prefixSegments()).isEqualTo(2);
        assertThat(upstream("/hooks").prefixSegments()).isEqualTo(1);
    }

    @Test
    void namesAServiceByItsIdWhenNoNameIsGiven() {
        GatewayProperties properties = properties(Map.of("tenant", upstream("/api/tenant")));

        assertThat(properties.services().get("tenant").displayName()).isEqualTo("tenant");
    }

    @Test
    void keepsTheServicesInConfigurationOrder() {
        Map<String, Upstream> services = new LinkedHashMap<>();
        services.put("ticket", upstream("/api/ticket"));
        services.put("auth", upstream("/api/auth"));
        services.put("call", upstream("/api/call"));

        assertThat(properties(services).services().keySet()).containsExactly("ticket", "auth", "call");
    }

    @Test
    void refusesAServiceAddressThatIsNotHttp() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Upstream(
                        null, URI.create("ftp://127.0.0.1:21"), "/api/x", Duration.ofSeconds(1), List.of(), List.of()))
                .withMessageContaining("http(s)://host[:port]");
    }

    @Test
    void refusesATimeoutThatIsNotPositive() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Upstream(
                        null, URI.create("http://127.0.0.1:1"), "/api/x", Duration.ZERO, List.of(), List.of()));
    }

    @Test
    void refusesAServiceIdThatCannotNameARoute() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> properties(Map.of("Tenant Service", upstream("/api/tenant"))))
                .withMessageContaining("Tenant Service");
    }

    private static Upstream upstream(String prefix) {
        return new Upstream(
                null, URI.create("http://127.0.0.1:18081"), prefix, Duration.ofSeconds(5), List.of(), List.of());
    }

    private static GatewayProperties properties(Map<String, Upstream> services) {
        return new GatewayProperties(
                services,
                new Cors(List.of(), List.of("GET"), Duration.ofMinutes(30)),
                List.of("X-Tenant"),
                Duration.ofSeconds(2),
                new Breaker(50, 20, 10, Duration.ofSeconds(10)));
    }
}

package cn.hotline.ticket.city;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The demo link of {@code ./run}: demo tenants wired to the city-simulator at start-up.
 *
 * @param enabled whether to link at all (on in {@code ./run}, where demo tenants exist)
 * @param simulatorUrl the simulator's base URL ({@code CC_CITY_SIMULATOR_URL}); blank: no link
 * @param tenants the tenants to link
 */
@ConfigurationProperties(prefix = "cc.ticket.city.demo")
public record CityDemoProperties(boolean enabled, String simulatorUrl, List<String> tenants) {

    public CityDemoProperties {
        simulatorUrl = simulatorUrl == null ? "" : simulatorUrl.strip();
        tenants = tenants == null ? List.of() : List.copyOf(tenants);
    }

    boolean active() {
        return enabled && !simulatorUrl.isEmpty() && !tenants.isEmpty();
    }
}

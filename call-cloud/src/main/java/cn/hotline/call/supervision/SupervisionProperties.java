package cn.hotline.call.supervision;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The supervisors' socket ({@code cc.call.supervision}).
 *
 * @param refresh how often the whole overview (agents and queues) is sent again; agents' changes come at once
 */
@ConfigurationProperties("cc.call.supervision")
public record SupervisionProperties(@Nullable Duration refresh) {

    public SupervisionProperties {
        refresh = refresh == null ? Duration.ofSeconds(2) : refresh;
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("cc.call.supervision.refresh must be positive");
        }
    }
}

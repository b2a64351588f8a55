package cn.hotline.call.session;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Agents whose socket drops mid-call ({@code cc.call.rejoin}).
 *
 * @param grace how long the call waits for the agent to rejoin (60 s; 1 s to 10 min) before it ends {@code
 *     AGENT_LOST} and the caller is owed a callback
 */
@Validated
@ConfigurationProperties("cc.call.rejoin")
public record RejoinProperties(@Nullable Duration grace) {

    public RejoinProperties {
        grace = grace == null ? Duration.ofSeconds(60) : grace;
        if (grace.compareTo(Duration.ofSeconds(1)) < 0 || grace.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("cc.call.rejoin.grace must be from 1 s to 10 min: " + grace);
        }
    }
}

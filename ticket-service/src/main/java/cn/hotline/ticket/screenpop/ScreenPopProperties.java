package cn.hotline.ticket.screenpop;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code cc.ticket.screen-pop}.
 *
 * @param limit how many recent tickets are shown
 * @param window how far back tickets are shown
 * @param duplicateWindow an open ticket of the same caller opened this recently is hinted as a likely duplicate
 */
@Validated
@ConfigurationProperties(prefix = "cc.ticket.screen-pop")
public record ScreenPopProperties(int limit, Duration window, Duration duplicateWindow) {

    public ScreenPopProperties {
        limit = limit <= 0 ? 10 : Math.min(limit, 50);
        window = window == null || window.isNegative() || window.isZero() ? Duration.ofDays(365) : window;
        duplicateWindow = duplicateWindow == null || duplicateWindow.isNegative() || duplicateWindow.isZero()
                ? Duration.ofDays(15)
                : duplicateWindow;
    }
}

package cn.hotline.ticket.city;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CityPropertiesTest {

    private final CityProperties defaults =
            new CityProperties(null, null, true, null, 0, true, null, null, null, null, null, 0);

    @Test
    void backoffDoublesWithEqualJitterAndStopsAtTheCap() {
        assertThat(defaults.backoffAfter(1, 0.0)).isEqualTo(Duration.ofMillis(2500));
        assertThat(defaults.backoffAfter(1, 1.0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.backoffAfter(2, 1.0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.backoffAfter(3, 0.5)).isEqualTo(Duration.ofSeconds(15));
        assertThat(defaults.backoffAfter(15, 1.0)).isEqualTo(Duration.ofMinutes(30));
        assertThat(defaults.backoffAfter(15, 0.0)).isEqualTo(Duration.ofMinutes(15));
        assertThat(defaults.backoffAfter(64, 1.0)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void theDefaultRetriesSpanHours() {
        Duration least = Duration.ZERO;
        for (int failures = 1; failures < defaults.maxAttempts(); failures++) {
            least = least.plus(defaults.backoffAfter(failures, 0.0));
        }
        assertThat(least).isGreaterThan(Duration.ofHours(2));
    }

    @Test
    void topicsFollowThePatternPerTenant() {
        assertThat(defaults.topic("shushan")).isEqualTo("persistent://shushan/city/outbound");
        assertThat(defaults.retryTopic("shushan")).isEqualTo("persistent://shushan/city/outbound-retry");
        assertThat(defaults.deadLetterTopic("shushan")).isEqualTo("persistent://shushan/city/outbound-dlq");
        assertThatThrownBy(() -> new CityProperties(
                        null, "persistent://x/city/outbound", true, null, 0, true, null, null, null, null, null, 0))
                .hasMessageContaining("{tenant}");
    }
}

package cn.hotline.tenant.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TenantEventsPropertiesTest {

    private static TenantEventsProperties properties(Duration initial, Duration max) {
        return new TenantEventsProperties(
                null, true, Duration.ofMillis(500), 100, Duration.ofSeconds(15), initial, max);
    }

    @Test
    void backoffDoublesPerFailureUpToTheMaximum() {
        TenantEventsProperties p = properties(Duration.ofSeconds(1), Duration.ofSeconds(30));

        assertThat(p.backoffAfter(0)).isZero();
        assertThat(p.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.backoffAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.backoffAfter(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(p.backoffAfter(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.backoffAfter(1000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void defaultsPublishToThePlatformTopic() {
        TenantEventsProperties p = new TenantEventsProperties(null, true, null, 0, null, null, null);

        assertThat(p.topic()).isEqualTo("persistent://public/default/platform.tenants");
        assertThat(p.batchSize()).isEqualTo(100);
        assertThat(p.backoffAfter(100)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void refusesALeaseShorterThanThreePolls() {
        assertThatThrownBy(() -> new TenantEventsProperties(
                        null, true, Duration.ofSeconds(10), 10, Duration.ofSeconds(15), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lease");
    }

    @Test
    void refusesAMaximumBackoffBelowTheInitialOne() {
        assertThatThrownBy(() -> properties(Duration.ofMinutes(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-backoff");
    }
}

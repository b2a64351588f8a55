package cn.hotline.call.acd;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QueueLimitTest {

    @Test
    void aLimitOutside30To3600SecondsOrWithoutActionIsRefused() {
        assertThatThrownBy(() -> new QueueLimit(Duration.ofSeconds(29), QueueLimit.Action.VOICEMAIL))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QueueLimit(Duration.ofSeconds(3601), QueueLimit.Action.CALLBACK))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QueueLimit(Duration.ofSeconds(60), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

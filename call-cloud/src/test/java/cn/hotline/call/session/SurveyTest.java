package cn.hotline.call.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SurveyTest {

    @Test
    void keysGiveTheTenantsScoresAndOtherKeysMeanNothing() {
        Survey.Settings settings = new Survey.Settings(true, null, Duration.ofSeconds(15), Map.of('9', 5, '1', 1));

        assertThat(settings.score('9')).contains(5);
        assertThat(settings.score('1')).contains(1);
        assertThat(settings.score('5')).isEmpty();
        assertThat(Survey.Settings.off().enabled()).isFalse();
        assertThat(Survey.Settings.off().score('4')).contains(4);
    }

    @Test
    void refusesScoresOutsideOneToFiveKeysThatAreNotKeysAndTimeoutsOutOfRange() {
        assertThatThrownBy(() -> new Survey.Settings(true, null, Duration.ofSeconds(15), Map.of('1', 6)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Survey.Settings(true, null, Duration.ofSeconds(15), Map.of('x', 3)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Survey.Settings(true, null, Duration.ofSeconds(15), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Survey.Settings(true, null, Duration.ofSeconds(2), Survey.DEFAULT_SCORES))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theStoredFormOfTheScoresReadsBackTheSame() {
        Map<Character, Integer> scores = Map.of('1', 1, '9', 5, '#', 3);

        assertThat(Survey.text(scores)).isEqualTo("#:3,1:1,9:5");
        assertThat(Survey.scores(Survey.text(scores))).isEqualTo(scores);
    }
}

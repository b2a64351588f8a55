package cn.hotline.call.prompt;

import static cn.hotline.call.prompt.SystemPrompt.AHEAD;
import static cn.hotline.call.prompt.SystemPrompt.DIGIT_0;
import static cn.hotline.call.prompt.SystemPrompt.DIGIT_1;
import static cn.hotline.call.prompt.SystemPrompt.DIGIT_2;
import static cn.hotline.call.prompt.SystemPrompt.DIGIT_5;
import static cn.hotline.call.prompt.SystemPrompt.DIGIT_9;
import static cn.hotline.call.prompt.SystemPrompt.EXPECTED_WAIT;
import static cn.hotline.call.prompt.SystemPrompt.HUNDRED;
import static cn.hotline.call.prompt.SystemPrompt.MINUTES;
import static cn.hotline.call.prompt.SystemPrompt.PEOPLE;
import static cn.hotline.call.prompt.SystemPrompt.TEN;
import static cn.hotline.call.prompt.SystemPrompt.THOUSAND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnnouncementsTest {

    private static String spoken(List<SystemPrompt> prompts) {
        return prompts.stream().map(SystemPrompt::text).collect(Collectors.joining());
    }

    @ParameterizedTest
    @CsvSource({
        "0, 零",
        "1, 一",
        "9, 九",
        "10, 十",
        "11, 十一",
        "19, 十九",
        "20, 二十",
        "21, 二十一",
        "99, 九十九",
        "100, 一百",
        "101, 一百零一",
        "105, 一百零五",
        "110, 一百一十",
        "111, 一百一十一",
        "200, 二百",
        "999, 九百九十九",
        "1000, 一千",
        "1005, 一千零五",
        "1050, 一千零五十",
        "1200, 一千二百",
        "9999, 九千九百九十九"
    })
    void readsNumbersTheWayAPersonSaysThem(int n, String expected) {
        assertThat(spoken(Announcements.number(n))).isEqualTo(expected);
    }

    @Test
    void composesTheRequiredNumbersFromDigitAndUnitPrompts() {
        assertThat(Announcements.number(0)).containsExactly(DIGIT_0);
        assertThat(Announcements.number(1)).containsExactly(DIGIT_1);
        assertThat(Announcements.number(10)).containsExactly(TEN);
        assertThat(Announcements.number(11)).containsExactly(TEN, DIGIT_1);
        assertThat(Announcements.number(20)).containsExactly(DIGIT_2, TEN);
        assertThat(Announcements.number(99)).containsExactly(DIGIT_9, TEN, DIGIT_9);
        assertThat(Announcements.number(100)).containsExactly(DIGIT_1, HUNDRED);
        assertThat(Announcements.number(105)).containsExactly(DIGIT_1, HUNDRED, DIGIT_0, DIGIT_5);
    }

    @Test
    void positionIsFramedByAheadAndPeople() {
        assertThat(Announcements.position(0)).containsExactly(AHEAD, DIGIT_0, PEOPLE);
        assertThat(Announcements.position(11)).containsExactly(AHEAD, TEN, DIGIT_1, PEOPLE);
        assertThat(Announcements.position(105)).containsExactly(AHEAD, DIGIT_1, HUNDRED, DIGIT_0, DIGIT_5, PEOPLE);
        assertThat(spoken(Announcements.position(20))).isEqualTo("您前面还有二十位");
    }

    @Test
    void estimatedWaitRoundsUpToWholeMinutes() {
        assertThat(Announcements.estimatedWait(Duration.ofSeconds(61)))
                .containsExactly(EXPECTED_WAIT, DIGIT_2, MINUTES);
        assertThat(Announcements.estimatedWait(Duration.ofMinutes(10))).containsExactly(EXPECTED_WAIT, TEN, MINUTES);
        assertThat(spoken(Announcements.estimatedWait(Duration.ofMinutes(99)))).isEqualTo("预计等待九十九分钟");
        assertThat(Announcements.estimatedWait(Duration.ZERO)).containsExactly(SystemPrompt.LESS_THAN_ONE_MINUTE);
    }

    @Test
    void capsHugeNumbersAndRefusesNegativeOnes() {
        assertThat(Announcements.number(123_456))
                .containsExactly(
                        SystemPrompt.DIGIT_9,
                        THOUSAND,
                        SystemPrompt.DIGIT_9,
                        HUNDRED,
                        SystemPrompt.DIGIT_9,
                        TEN,
                        SystemPrompt.DIGIT_9);
        assertThatThrownBy(() -> Announcements.position(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void systemPromptNamesRoundTrip() {
        for (SystemPrompt prompt : SystemPrompt.values()) {
            assertThat(prompt.promptName().isSystem()).isTrue();
            assertThat(SystemPrompt.named(prompt.promptName().value())).contains(prompt);
        }
        assertThat(SystemPrompt.named("sys.nope")).isEmpty();
    }
}

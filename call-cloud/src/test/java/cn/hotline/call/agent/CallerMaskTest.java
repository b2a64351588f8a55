package cn.hotline.call.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallerMaskTest {

    @Test
    void aMobileNumberKeepsItsFirstThreeAndLastFourDigits() {
        assertThat(CallerMask.mask("13812345678")).isEqualTo("138****5678");
        assertThat(CallerMask.mask("055162345678")).isEqualTo("055*****5678");
    }

    @Test
    void aShortNumberKeepsOnlyItsLastTwoDigitsAndAWithheldOneStaysNull() {
        assertThat(CallerMask.mask("62345678")).isEqualTo("******78");
        assertThat(CallerMask.mask("12")).isEqualTo("**");
        assertThat(CallerMask.mask(null)).isNull();
        assertThat(CallerMask.mask(" ")).isNull();
    }
}

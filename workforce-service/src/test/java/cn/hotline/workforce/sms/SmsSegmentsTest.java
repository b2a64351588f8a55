package cn.hotline.workforce.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmsSegmentsTest {

    @Test
    void seventyChineseCharactersFitOneMessageWithoutHeader() {
        List<byte[]> parts = SmsSegments.ucs2("字".repeat(70), 7);
        assertThat(parts).hasSize(1);
        assertThat(parts.get(0)).hasSize(140);
    }

    @Test
    void seventyOneCharactersGoAsTwoSegmentsOfAtMostSixtySevenWithAConcatenationHeader() {
        List<byte[]> parts = SmsSegments.ucs2("字".repeat(71), 9);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0)).hasSize(6 + 67 * 2).startsWith(0x05, 0x00, 0x03, 9, 2, 1);
        assertThat(parts.get(1)).hasSize(6 + 4 * 2).startsWith(0x05, 0x00, 0x03, 9, 2, 2);
        assertThat(SmsSegments.count("字".repeat(71))).isEqualTo(2);
    }

    @Test
    void neverCutsASurrogatePair() {
        String text = "a".repeat(66) + "😀" + "b".repeat(10);
        List<byte[]> parts = SmsSegments.ucs2(text, 1);
        String first = new String(parts.get(0), 6, parts.get(0).length - 6, StandardCharsets.UTF_16BE);
        String second = new String(parts.get(1), 6, parts.get(1).length - 6, StandardCharsets.UTF_16BE);
        assertThat(first).hasSize(66);
        assertThat(first + second).isEqualTo(text);
    }

    @Test
    void templatesNameTheirVariablesAndRenderOnlyWithExactlyThose() {
        SmsTemplate t =
                SmsTemplate.create(java.util.UUID.randomUUID(), "x", "${a}您好，${b}，再次${a}", java.time.Instant.now());
        assertThat(t.variables()).containsExactly("a", "b");
        assertThat(t.render(Map.of("a", "甲", "b", "乙"))).isEqualTo("甲您好，乙，再次甲");
        assertThatThrownBy(() -> t.render(Map.of("a", "甲"))).hasMessageContaining("'b' is missing");
        assertThatThrownBy(() -> t.render(Map.of("a", "甲", "b", "乙", "c", "丙"))).hasMessageContaining("'c'");
        assertThatThrownBy(() -> t.render(Map.of("a", "甲", "b", "x\ny"))).hasMessageContaining("one line");
        assertThatThrownBy(() -> SmsTemplate.create(java.util.UUID.randomUUID(), "x", "坏${", java.time.Instant.now()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package cn.hotline.workforce.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ScoreTemplateTest {

    static final List<TemplateItem> ITEMS = List.of(
            new TemplateItem("greeting", "开场白", 20, false),
            new TemplateItem("listening", "倾听与确认", 40, false),
            new TemplateItem("solution", "解答准确", 40, false),
            new TemplateItem("privacy", "泄露隐私", 0, true));

    final ScoreTemplate template = new ScoreTemplate(UUID.randomUUID(), "hotline", 1, "12345 通话质检", ITEMS);

    @Test
    void addsTheItemsPoints() {
        assertThat(template.score(Map.of("greeting", 15, "listening", 30, "solution", 40), Set.of()))
                .isEqualTo(new ScoreTemplate.Score(85, false));
    }

    @Test
    void aViolatedFatalItemZeroesTheScore() {
        assertThat(template.score(Map.of("greeting", 20, "listening", 40, "solution", 40), Set.of("privacy")))
                .isEqualTo(new ScoreTemplate.Score(0, true));
    }

    @Test
    void refusesPointsAboveTheWeightMissingItemsAndUnknownOnes() {
        assertThatThrownBy(() -> template.score(Map.of("greeting", 25, "listening", 30, "solution", 40), Set.of()))
                .hasMessageContaining("0-20");
        assertThatThrownBy(() -> template.score(Map.of("greeting", 20, "listening", 30), Set.of()))
                .hasMessageContaining("solution");
        assertThatThrownBy(
                        () -> template.score(Map.of("greeting", 20, "listening", 30, "solution", 1, "x", 1), Set.of()))
                .hasMessageContaining("not in template");
        assertThatThrownBy(() ->
                        template.score(Map.of("greeting", 20, "listening", 30, "solution", 1), Set.of("greeting")))
                .hasMessageContaining("not a fatal item");
    }

    @Test
    void weightsMustAddUpToAHundredAndCodesBeUnique() {
        assertThatThrownBy(() -> new ScoreTemplate(
                        UUID.randomUUID(), "t", 1, "n", List.of(new TemplateItem("a", "A", 90, false))))
                .hasMessageContaining("90");
        assertThatThrownBy(() -> new ScoreTemplate(
                        UUID.randomUUID(),
                        "t",
                        1,
                        "n",
                        List.of(new TemplateItem("a", "A", 50, false), new TemplateItem("a", "B", 50, false))))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> new TemplateItem("a", "A", 0, false)).hasMessageContaining("fatal");
    }
}

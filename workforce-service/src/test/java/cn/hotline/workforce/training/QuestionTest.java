package cn.hotline.workforce.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QuestionTest {

    static Question q(Question.Kind kind, List<String> options, List<String> answer, int points) {
        return new Question(UUID.randomUUID(), kind, "医保", 2, "题", options, answer, points, true);
    }

    @Test
    void aMultipleChoiceScoresOnlyWhenExactlyTheRightOptionsAreGiven() {
        Question m = q(Question.Kind.MULTIPLE, List.of("甲", "乙", "丙"), List.of("c", "a"), 4);
        assertThat(m.answer()).containsExactly("A", "C");
        assertThat(m.score(List.of("C", "A")).getAsInt()).isEqualTo(4);
        assertThat(m.score(List.of("A")).getAsInt()).isZero();
        assertThat(m.score(List.of("A", "B", "C")).getAsInt()).isZero();
    }

    @Test
    void trueFalseAndSingleChoiceScoreExactAnswersAndShortAnswersWaitForAPerson() {
        assertThat(q(Question.Kind.TRUE_FALSE, List.of(), List.of("TRUE"), 1)
                        .score(List.of("true"))
                        .getAsInt())
                .isEqualTo(1);
        assertThat(q(Question.Kind.SINGLE, List.of("甲", "乙"), List.of("B"), 2)
                        .score(List.of())
                        .getAsInt())
                .isZero();
        assertThat(q(Question.Kind.SHORT, List.of(), List.of("参考"), 5)
                        .score(List.of("答"))
                        .isPresent())
                .isFalse();
        assertThatThrownBy(() -> q(Question.Kind.SINGLE, List.of("甲"), List.of("A"), 2))
                .hasMessageContaining("2-8");
    }

    @Test
    void theSameSeedAndBankGiveTheSamePaperWhateverTheBanksOrder() {
        List<Question> bank = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            bank.add(q(Question.Kind.SINGLE, List.of("甲", "乙"), List.of("A"), 1));
        }
        List<PaperRules.Rule> rules = List.of(new PaperRules.Rule(Question.Kind.SINGLE, null, null, 5));
        List<Question> a = PaperRules.assemble(rules, bank, 7);
        List<Question> reversed = new ArrayList<>(bank);
        java.util.Collections.reverse(reversed);
        assertThat(PaperRules.assemble(rules, reversed, 7)).isEqualTo(a);
        assertThat(PaperRules.assemble(rules, bank, 8)).isNotEqualTo(a);
        assertThatThrownBy(() ->
                        PaperRules.assemble(List.of(new PaperRules.Rule(Question.Kind.SHORT, null, null, 1)), bank, 7))
                .hasMessageContaining("the bank has 0");
    }
}

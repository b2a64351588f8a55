package cn.hotline.ticket.knowledge.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AnswersTest {

    static final Source FILING =
            new Source(1, UUID.randomUUID(), "异地就医备案", "参保人外出就医前应先办理异地就医备案。可通过国家医保服务平台APP办理。备案有效期不少于6个月。");
    static final Source CARD = new Source(2, UUID.randomUUID(), "社保卡挂失", "社保卡丢失后拨打12333挂失。");

    @Test
    void extractiveAnswerTakesTheSentencesThatShareTheQuestionsWordsAndCitesThem() {
        Answer answer = Answers.extractive(List.of("异地", "就医", "备案", "APP"), List.of(FILING, CARD));
        assertThat(answer.mode()).isEqualTo(Answer.Mode.EXTRACTIVE);
        assertThat(answer.text()).contains("先办理异地就医备案。[1]", "APP办理。[1]");
        assertThat(answer.text()).doesNotContain("12333");
        assertThat(answer.citations()).containsExactly(FILING);
    }

    @Test
    void nothingSharedMeansNotFoundAndNoMadeUpAnswer() {
        Answer answer = Answers.extractive(List.of("火星", "移民"), List.of(FILING, CARD));
        assertThat(answer.mode()).isEqualTo(Answer.Mode.NOT_FOUND);
        assertThat(answer.citations()).isEmpty();
        assertThat(answer.text()).isEqualTo(Answer.NOTHING_FOUND);
    }

    @Test
    void aModelReplyCountsOnlyWhenItCitesGivenSourcesAndNothingElse() {
        List<Source> sources = List.of(FILING, CARD);
        assertThat(Answers.checked("需要先备案[1]，卡丢了打12333[2]。", sources))
                .hasValueSatisfying(a -> assertThat(a.citations()).containsExactly(FILING, CARD));
        assertThat(Answers.checked("需要先备案。", sources)).as("no citation").isEmpty();
        assertThat(Answers.checked("需要先备案[3]。", sources))
                .as("a source it was not given")
                .isEmpty();
        assertThat(Answers.checked("需要先备案[1]，另见[9]。", sources))
                .as("one foreign citation spoils it")
                .isEmpty();
        assertThat(Answers.checked("NO_ANSWER", sources)).isEmpty();
        assertThat(Answers.checked("  ", sources)).isEmpty();
    }

    @Test
    void thePromptCarriesTheRulesAndTheNumberedSources() {
        assertThat(Answers.systemPrompt()).contains("只能依据", Answers.NO_ANSWER, "[编号]");
        assertThat(Answers.userPrompt("怎么备案", List.of(FILING, CARD))).contains("问题：怎么备案", "[1] 异地就医备案", "[2] 社保卡挂失");
    }
}

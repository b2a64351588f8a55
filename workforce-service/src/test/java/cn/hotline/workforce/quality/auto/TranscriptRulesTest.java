package cn.hotline.workforce.quality.auto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TranscriptRulesTest {

    static final TranscriptRules RULES = new TranscriptRules(
            List.of("您好", "你好"), 10, List.of("感谢您的来电", "再见"), 2, List.of("不知道", "不归我们管"), List.of("核对", "复述"));

    static Transcript load(String name) throws IOException {
        try (InputStream in = TranscriptRulesTest.class.getResourceAsStream("/transcripts/" + name)) {
            record File(List<Transcript.Segment> segments) {}
            return new Transcript(
                    JsonMapper.builder().build().readValue(in, File.class).segments());
        }
    }

    @Test
    void aCallByTheBookPassesEveryRule() throws IOException {
        List<TranscriptRules.Finding> findings = RULES.check(load("good-call.json"));
        assertThat(findings).hasSize(6).allMatch(TranscriptRules.Finding::passed);
        assertThat(findings.getFirst().evidence()).isEqualTo("您好");
    }

    @Test
    void aRudeCallFailsGreetingClosingForbiddenWordsAndConfirmations() throws IOException {
        Map<String, Boolean> passed = RULES.check(load("bad-call.json")).stream()
                .collect(Collectors.toMap(TranscriptRules.Finding::rule, TranscriptRules.Finding::passed));
        assertThat(passed)
                .containsEntry("GREETING", false)
                .containsEntry("CLOSING", false)
                .containsEntry("FORBIDDEN:不知道", false)
                .containsEntry("FORBIDDEN:不归我们管", false)
                .containsEntry("CONFIRMATION:核对", false)
                .containsEntry("CONFIRMATION:复述", false);
    }

    @Test
    void aGreetingTooLateDoesNotCount() throws IOException {
        TranscriptRules strict = new TranscriptRules(List.of("您好"), 0 + 1, List.of(), 1, List.of(), List.of());
        Transcript late = new Transcript(List.of(new Transcript.Segment(Transcript.Speaker.AGENT, 1500, 3000, "您好")));
        assertThat(strict.check(late).getFirst().passed()).isFalse();
        assertThat(strict.check(load("good-call.json")).getFirst().passed()).isTrue();
    }
}

package cn.hotline.call.sip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutboundOutcomeTest {

    @ParameterizedTest
    @CsvSource({
        "200, ANSWERED",
        "486, BUSY",
        "600, BUSY",
        "408, NO_ANSWER",
        "480, NO_ANSWER",
        "487, NO_ANSWER",
        "404, UNREACHABLE",
        "484, UNREACHABLE",
        "503, UNREACHABLE",
        "403, REJECTED",
        "603, REJECTED",
        "488, REJECTED",
    })
    void finalAnswersMapToOutcomes(int status, OutboundOutcome expected) {
        assertThat(OutboundOutcome.ofStatus(status)).isEqualTo(expected);
    }
}

package cn.hotline.call.sip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DtmfInfoTest {

    @ParameterizedTest
    @CsvSource({"5,5", "0,0", "10,*", "11,#", "*,*", "#,#", "12,A", "15,D"})
    void dtmfRelaySignalsGiveTheSameKeysAsRfc4733Events(String signal, char key) {
        assertThat(DtmfInfo.key("dtmf-relay", "Signal=" + signal + "\r\nDuration=160\r\n"))
                .contains(key);
        assertThat(DtmfInfo.key("dtmf", signal)).contains(key);
    }

    @Test
    void ignoresOtherBodiesAndNonsense() {
        assertThat(DtmfInfo.key("sdp", "v=0")).isEmpty();
        assertThat(DtmfInfo.key("dtmf-relay", "Signal=99")).isEmpty();
        assertThat(DtmfInfo.key("dtmf-relay", "Duration=160")).isEmpty();
    }
}

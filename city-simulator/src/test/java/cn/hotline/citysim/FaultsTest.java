package cn.hotline.citysim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FaultsTest {

    @Test
    void drawsBelowTheFailureRateFailThenTheTimeoutShareStallsTheRestAnswer() {
        Faults faults = new Faults(0.05, 0.02);
        assertThat(faults.fate(0.0)).isEqualTo(Faults.Fate.FAIL);
        assertThat(faults.fate(0.0499)).isEqualTo(Faults.Fate.FAIL);
        assertThat(faults.fate(0.05)).isEqualTo(Faults.Fate.STALL);
        assertThat(faults.fate(0.0699)).isEqualTo(Faults.Fate.STALL);
        assertThat(faults.fate(0.07)).isEqualTo(Faults.Fate.ANSWER);
        assertThat(faults.fate(0.999)).isEqualTo(Faults.Fate.ANSWER);
    }

    @Test
    void refusesSharesOutsideZeroToOne() {
        assertThatThrownBy(() -> new Faults(-0.1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Faults(0.7, 0.4)).isInstanceOf(IllegalArgumentException.class);
    }
}

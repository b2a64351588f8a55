package cn.hotline.workforce.quality.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordingSignalsTest {

    /**
     * 30 s: caller speaks 0-5 s and 12-14 s; agent 1-8 s, 14-16 s and 28-30 s. So: caller 7 s, agent 11 s, both at
     * once 1-5 s (4 s), neither 8-12 s and 16-28 s (16 s, the longest 12 s, which is hold), agent ratio 11 / 18.
     */
    static final byte[] CONSTRUCTED = Wavs.stereo(
            30_000,
            List.of(new Wavs.Talk(0, 5_000), new Wavs.Talk(12_000, 14_000)),
            List.of(new Wavs.Talk(1_000, 8_000), new Wavs.Talk(14_000, 16_000), new Wavs.Talk(28_000, 30_000)));

    @Test
    void measuresTheConstructedCall() {
        RecordingSignals s = RecordingSignals.of(CONSTRUCTED, RecordingSignals.Thresholds.DEFAULT);
        assertThat(s.durationSeconds()).isCloseTo(30, within(0.001));
        assertThat(s.callerSpeechSeconds()).isCloseTo(7, within(0.02));
        assertThat(s.agentSpeechSeconds()).isCloseTo(11, within(0.02));
        assertThat(s.talkOverSeconds()).isCloseTo(4, within(0.02));
        assertThat(s.silenceSeconds()).isCloseTo(16, within(0.02));
        assertThat(s.silenceShare()).isCloseTo(16.0 / 30, within(0.001));
        assertThat(s.longestSilenceSeconds()).isCloseTo(12, within(0.02));
        assertThat(s.holdSeconds()).isCloseTo(12, within(0.02));
        assertThat(s.agentTalkRatio()).isCloseTo(11.0 / 18, within(0.002));
    }

    @Test
    void silencesShorterThanTheHoldThresholdAreNoHold() {
        RecordingSignals s = RecordingSignals.of(CONSTRUCTED, new RecordingSignals.Thresholds(-40, 15));
        assertThat(s.holdSeconds()).isZero();
        assertThat(s.longestSilenceSeconds()).isCloseTo(12, within(0.02));
    }

    @Test
    void aSilentRecordingIsAllSilence() {
        RecordingSignals s =
                RecordingSignals.of(Wavs.stereo(5_000, List.of(), List.of()), RecordingSignals.Thresholds.DEFAULT);
        assertThat(s.silenceShare()).isEqualTo(1.0);
        assertThat(s.agentTalkRatio()).isZero();
    }

    @Test
    void refusesWhatIsNotStereoPcm() {
        assertThatThrownBy(() ->
                        RecordingSignals.of("not a wav file at all".getBytes(), RecordingSignals.Thresholds.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] mono = Wavs.stereo(100, List.of(), List.of());
        mono[22] = 1; // channels
        assertThatThrownBy(() -> RecordingSignals.of(mono, RecordingSignals.Thresholds.DEFAULT))
                .hasMessageContaining("stereo");
    }
}

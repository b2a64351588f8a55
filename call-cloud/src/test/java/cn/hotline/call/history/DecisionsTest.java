package cn.hotline.call.history;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.kernel.events.CallEvent;
import cn.hotline.kernel.id.CallId;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DecisionsTest {

    private static final Instant AT = Instant.parse("2026-11-24T08:00:00Z");
    private final UUID call = UUID.randomUUID();
    private final UUID consult = UUID.randomUUID();

    private CallEvent event(String kind, String agent, String detail) {
        return Decisions.event(new Decisions.Row(7, kind, call, agent, detail, AT))
                .orElseThrow();
    }

    @Test
    void transfersConsultationsKeysAndSurveysBecomeTheirCallEvents() {
        assertThat(event("CallTransferred", "a1", "group backup"))
                .isEqualTo(new CallEvent.CallTransferred(7, new CallId(call), "a1", "group", "backup", null, AT));
        assertThat(event("ConsultStarted", "a1", "agent a2 " + consult))
                .isEqualTo(new CallEvent.ConsultStarted(
                        7, new CallId(call), "a1", "agent", "a2", new CallId(consult), AT));
        assertThat(event("ConsultEnded", "a1", "COMPLETED " + consult + " a2"))
                .isEqualTo(new CallEvent.ConsultEnded(
                        7, new CallId(call), "a1", new CallId(consult), "a2", "COMPLETED", AT));
        assertThat(event("ConsultEnded", "a1", "CALLER_LEFT " + consult + " -"))
                .isEqualTo(new CallEvent.ConsultEnded(
                        7, new CallId(call), "a1", new CallId(consult), null, "CALLER_LEFT", AT));
        assertThat(event("ConferenceStarted", "a1", consult + " a2"))
                .isEqualTo(new CallEvent.ConferenceStarted(7, new CallId(call), "a1", new CallId(consult), "a2", AT));
        assertThat(event("DtmfSent", "a1", "12#"))
                .isEqualTo(new CallEvent.DtmfSent(7, new CallId(call), "a1", "12#", AT));
        assertThat(Decisions.event(new Decisions.Row(7, "SurveyAnswered", call, null, "4", AT)))
                .contains(new CallEvent.SurveyAnswered(7, new CallId(call), 4, AT));
    }

    @Test
    void malformedDetailsAreSkippedRatherThanPublishedWrong() {
        assertThat(Decisions.event(new Decisions.Row(7, "CallTransferred", call, "a1", "backup", AT)))
                .isEmpty();
        assertThat(Decisions.event(new Decisions.Row(7, "ConferenceStarted", call, "a1", "a2", AT)))
                .isEmpty();
        assertThat(Decisions.event(new Decisions.Row(7, "SurveyAnswered", call, null, "42", AT)))
                .isEmpty();
    }
}

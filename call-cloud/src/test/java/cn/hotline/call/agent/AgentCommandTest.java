package cn.hotline.call.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentSkill;
import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.call.acd.domain.TransferTarget;
import cn.hotline.kernel.id.CallId;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class AgentCommandTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void readsEveryCommandOfTheProtocol() {
        CallId call = CallId.random();
        assertThat(AgentCommand.parse(JSON, "{\"type\":\"signIn\"}")).isEqualTo(new AgentCommand.SignIn(List.of()));
        assertThat(AgentCommand.parse(JSON, "{\"type\":\"signIn\",\"skills\":[{\"skill\":\"yibao\",\"level\":3}]}"))
                .isEqualTo(new AgentCommand.SignIn(List.of(AgentSkill.of("yibao", 3))));
        assertThat(AgentCommand.parse(JSON, "{\"type\":\"ready\"}")).isEqualTo(new AgentCommand.Ready());
        assertThat(AgentCommand.parse(JSON, "{\"type\":\"notReady\",\"reason\":\"TRAINING\"}"))
                .isEqualTo(new AgentCommand.NotReady("TRAINING"));
        assertThat(AgentCommand.parse(JSON, "{\"type\":\"answer\",\"callId\":\"" + call.value() + "\"}"))
                .isEqualTo(new AgentCommand.Answer(call, null));
        assertThat(AgentCommand.parse(JSON, "{\"type\":\"hangUp\",\"callId\":\"" + call.value() + "\"}"))
                .isEqualTo(new AgentCommand.HangUp(call));
        assertThat(AgentCommand.parse(JSON, "{\"type\":\"signOut\"}")).isEqualTo(new AgentCommand.SignOut());
        assertThat(AgentCommand.parse(JSON, "{\"type\":\"getState\",\"requestId\":\"r1\"}"))
                .isEqualTo(new AgentCommand.GetState());
    }

    @Test
    void readsTransfersConsultationsAndKeyPresses() {
        CallId call = CallId.random();
        String id = "\"callId\":\"" + call.value() + "\"";
        assertThat(AgentCommand.parse(
                        JSON, "{\"type\":\"transfer\"," + id + ",\"to\":{\"kind\":\"group\",\"value\":\"yibao\"}}"))
                .isEqualTo(new AgentCommand.Transfer(call, TransferTarget.group(SkillId.of("yibao"))));
        assertThat(AgentCommand.parse(
                        JSON, "{\"type\":\"consult\"," + id + ",\"to\":{\"kind\":\"agent\",\"value\":\"u-7\"}}"))
                .isEqualTo(new AgentCommand.Consult(call, TransferTarget.agent(AgentId.of("u-7"))));
        assertThat(AgentCommand.parse(
                        JSON, "{\"type\":\"transfer\"," + id + ",\"to\":{\"kind\":\"number\",\"value\":\"110\"}}"))
                .as("a number is a transfer out of the centre")
                .isEqualTo(new AgentCommand.TransferOut(
                        call,
                        new cn.hotline.call.session.ExternalTransfer.Target(
                                cn.hotline.call.session.ExternalTransfer.Kind.NUMBER, "110")));
        assertThat(AgentCommand.parse(
                        JSON, "{\"type\":\"consult\"," + id + ",\"to\":{\"kind\":\"number\",\"value\":\"110\"}}"))
                .as("consulting a number is not carried out yet")
                .isEqualTo(new AgentCommand.NotYet("consult", call));
        assertThat(AgentCommand.parse(JSON, "{\"type\":\"conference\"," + id + "}"))
                .isEqualTo(new AgentCommand.Conference(call));
        assertThat(AgentCommand.parse(JSON, "{\"type\":\"completeTransfer\"," + id + "}"))
                .isEqualTo(new AgentCommand.CompleteTransfer(call));
        assertThat(AgentCommand.parse(JSON, "{\"type\":\"cancelConsult\"," + id + "}"))
                .isEqualTo(new AgentCommand.CancelConsult(call));
        assertThat(AgentCommand.parse(JSON, "{\"type\":\"dtmf\"," + id + ",\"digits\":\"12#\"}"))
                .isEqualTo(new AgentCommand.Dtmf(call, "12#"));
        for (String invalid : List.of(
                "{\"type\":\"transfer\"," + id + "}",
                "{\"type\":\"transfer\"," + id + ",\"to\":{\"kind\":\"moon\",\"value\":\"x\"}}",
                "{\"type\":\"consult\"," + id + ",\"to\":{\"kind\":\"group\",\"value\":\"Bad Group\"}}",
                "{\"type\":\"dtmf\"," + id + ",\"digits\":\"12x\"}",
                "{\"type\":\"dtmf\"," + id + "}")) {
            assertThatThrownBy(() -> AgentCommand.parse(JSON, invalid))
                    .as(invalid)
                    .isInstanceOfSatisfying(AgentCommand.Invalid.class, e -> assertThat(e.unreadable())
                            .isFalse());
        }
    }

    @Test
    void readsARejoinWithItsNewOfferAndRefusesOneWithout() {
        CallId call = CallId.random();
        String offer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n";
        String frame = JSON.writeValueAsString(
                java.util.Map.of("type", "rejoin", "callId", call.value().toString(), "sdp", offer));
        assertThat(AgentCommand.parse(JSON, frame)).isEqualTo(new AgentCommand.Rejoin(call, offer));
        for (String invalid : List.of(
                "{\"type\":\"rejoin\",\"callId\":\"" + call.value() + "\"}",
                "{\"type\":\"rejoin\",\"callId\":\"" + call.value() + "\",\"sdp\":\"hello\"}",
                "{\"type\":\"rejoin\",\"sdp\":\"v=0\"}")) {
            assertThatThrownBy(() -> AgentCommand.parse(JSON, invalid))
                    .as(invalid)
                    .isInstanceOfSatisfying(AgentCommand.Invalid.class, e -> assertThat(e.unreadable())
                            .isFalse());
        }
    }

    @Test
    void tellsUnreadableFramesFromInvalidCommands() {
        assertThatThrownBy(() -> AgentCommand.parse(JSON, "{oops"))
                .isInstanceOfSatisfying(AgentCommand.Invalid.class, e -> assertThat(e.unreadable())
                        .isTrue());
        assertThatThrownBy(() -> AgentCommand.parse(JSON, "[1,2]"))
                .isInstanceOfSatisfying(AgentCommand.Invalid.class, e -> assertThat(e.unreadable())
                        .isTrue());
        for (String invalid : List.of(
                "{}",
                "{\"type\":3}",
                "{\"type\":\"dance\"}",
                "{\"type\":\"notReady\"}",
                "{\"type\":\"hangUp\",\"callId\":\"x\"}",
                "{\"type\":\"signIn\",\"skills\":{}}",
                "{\"type\":\"signIn\",\"skills\":[{\"skill\":\"a\",\"level\":11}]}",
                "{\"type\":\"signIn\",\"skills\":[{\"skill\":\"a\"}]}")) {
            assertThatThrownBy(() -> AgentCommand.parse(JSON, invalid))
                    .as(invalid)
                    .isInstanceOfSatisfying(AgentCommand.Invalid.class, e -> assertThat(e.unreadable())
                            .isFalse());
        }
    }

    @Test
    void defaultSkillsAreReadAsSkillColonLevel() {
        assertThat(new AgentSocketProperties(null).skills()).containsExactly(AgentSkill.of("general", 5));
        assertThat(new AgentSocketProperties(List.of("yibao:7", "general:2")).skills())
                .containsExactly(AgentSkill.of("yibao", 7), AgentSkill.of("general", 2));
        assertThatThrownBy(() -> new AgentSocketProperties(List.of("yibao")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

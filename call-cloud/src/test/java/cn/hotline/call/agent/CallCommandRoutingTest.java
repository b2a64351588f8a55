package cn.hotline.call.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CallCommandRoutingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void everyFrameThatNamesACallIsCallScopedWhateverItsType() {
        CallId call = CallId.random();
        for (String type : new String[] {"answer", "hangUp", "hold", "conference", "someLaterCommand"}) {
            assertThat(CallCommandRouting.callOf(
                            JSON, "{\"type\":\"" + type + "\",\"callId\":\"" + call + "\",\"requestId\":\"r\"}"))
                    .as(type)
                    .isEqualTo(call);
        }
    }

    @Test
    void framesWithoutAValidCallIdAreNotCallScoped() {
        assertThat(CallCommandRouting.callOf(JSON, "{\"type\":\"ready\"}")).isNull();
        assertThat(CallCommandRouting.callOf(JSON, "{\"type\":\"hold\",\"callId\":\"not-a-call\"}"))
                .isNull();
        assertThat(CallCommandRouting.callOf(JSON, "{\"type\":\"hold\",\"callId\":42}"))
                .isNull();
        assertThat(CallCommandRouting.callOf(JSON, "not json")).isNull();
        assertThat(CallCommandRouting.callOf(JSON, "[1]")).isNull();
    }

    @Test
    void aForwardedCommandCarriesEitherAFrameOrTheNewsThatItsSocketClosed() {
        TenantId tenant = TenantId.of("shushan");
        AgentId agent = AgentId.of("a1");
        assertThat(ForwardedCommand.command(tenant, agent, "agent-1", "{}").closed())
                .isFalse();
        assertThat(ForwardedCommand.socketClosed(tenant, agent, "agent-1").frame())
                .isNull();
        assertThatThrownBy(() -> new ForwardedCommand(tenant, agent, "agent-1", "{}", true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ForwardedCommand(tenant, agent, "agent-1", null, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ForwardedCommand(tenant, agent, " ", "{}", false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ForwardedCommand(tenant, agent, "agent-1", "x".repeat(200_001), false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

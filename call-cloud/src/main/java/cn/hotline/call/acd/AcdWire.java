package cn.hotline.call.acd;

import cn.hotline.call.acd.domain.Acd;
import cn.hotline.call.acd.domain.AgentState;
import cn.hotline.call.acd.domain.CallRouting;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * How ACD commands, their results and notices travel between call-cloud instances (JSON). The domain stays free of
 * serialisation concerns: the sealed domain types get their type names here.
 */
final class AcdWire {

    /** A command's result on the wire: a routing (an offer is one), an agent snapshot, a yes / no, or none. */
    record Reply(@Nullable CallRouting routing, Acd.@Nullable AgentSnapshot agent, @Nullable Boolean applied) {

        static Reply of(@Nullable Object result) {
            return switch (result) {
                case null -> new Reply(null, null, null);
                case CallRouting routing -> new Reply(routing, null, null);
                case Acd.AgentSnapshot agent -> new Reply(null, agent, null);
                case Boolean applied -> new Reply(null, null, applied);
                default -> throw new IllegalArgumentException("not an ACD result: " + result.getClass());
            };
        }

        @Nullable
        Object result() {
            return routing != null ? routing : agent != null ? agent : applied;
        }
    }

    /** The notices of one persisted batch, in order. */
    record Batch(List<AcdNotice> notices) {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = CallRouting.Offered.class, name = "offered"),
        @JsonSubTypes.Type(value = CallRouting.Queued.class, name = "queued"),
        @JsonSubTypes.Type(value = CallRouting.Rejected.class, name = "rejected")
    })
    private interface CallRoutingTypes {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "code")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = AgentState.LoggedOut.class, name = "LOGGED_OUT"),
        @JsonSubTypes.Type(value = AgentState.Ready.class, name = "READY"),
        @JsonSubTypes.Type(value = AgentState.NotReady.class, name = "NOT_READY"),
        @JsonSubTypes.Type(value = AgentState.Offered.class, name = "OFFERED"),
        @JsonSubTypes.Type(value = AgentState.Talking.class, name = "TALKING"),
        @JsonSubTypes.Type(value = AgentState.OnHold.class, name = "ON_HOLD"),
        @JsonSubTypes.Type(value = AgentState.AfterCallWork.class, name = "AFTER_CALL_WORK")
    })
    private interface AgentStateTypes {}

    private final JsonMapper json = JsonMapper.builder()
            .addMixIn(CallRouting.class, CallRoutingTypes.class)
            .addMixIn(AgentState.class, AgentStateTypes.class)
            .build();

    String write(AcdCommand command) {
        return json.writeValueAsString(command);
    }

    AcdCommand command(String text) {
        return json.readValue(text, AcdCommand.class);
    }

    String write(Reply reply) {
        return json.writeValueAsString(reply);
    }

    Reply reply(String text) {
        return json.readValue(text, Reply.class);
    }

    String write(Batch batch) {
        return json.writeValueAsString(batch);
    }

    Batch batch(String text) {
        return json.readValue(text, Batch.class);
    }
}

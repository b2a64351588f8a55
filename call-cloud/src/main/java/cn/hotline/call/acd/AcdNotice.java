package cn.hotline.call.acd;

import cn.hotline.call.acd.domain.AgentId;
import cn.hotline.call.acd.domain.AgentState;
import cn.hotline.call.acd.domain.CallRouting;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * What a tenant's writer tells every instance after a batch of decisions is persisted, for the agents' sockets
 * wherever they are connected: an offer to an agent, or an agent's new state (including the changes the ACD makes by
 * itself: ring timeouts, the end of after-call work).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AcdNotice.Offer.class, name = "offer"),
    @JsonSubTypes.Type(value = AcdNotice.StateChanged.class, name = "state")
})
public sealed interface AcdNotice {

    AgentId agent();

    record Offer(CallRouting.Offered offer) implements AcdNotice {
        @Override
        public AgentId agent() {
            return offer.agent();
        }
    }

    record StateChanged(AgentId agent, AgentState state, Instant since) implements AcdNotice {}
}

package cn.hotline.media.port;

/**
 * The two legs of an outbound call placed from an agent's browser (a callback): {@code agent} carries the SDP answer
 * for the browser, {@code outside} the SDP offer for the INVITE (its answer goes to
 * {@link MediaServer#completeTrunk}). Silent both ways until {@link MediaServer#bridge}.
 */
public record BrowserDial(AgentLeg agent, TrunkLeg outside) {
    public BrowserDial {
        if (agent == null || outside == null || !agent.call().equals(outside.call())) {
            throw new IllegalArgumentException("a browser dial has an agent leg and an outside leg of one call");
        }
    }
}

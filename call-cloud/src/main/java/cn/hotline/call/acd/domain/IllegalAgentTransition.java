package cn.hotline.call.acd.domain;

/**
 * An agent was asked for a change its current state does not allow (answering while not offered a call, signing
 * out while talking). Leaves the service as problem code {@code ILLEGAL_TRANSITION}.
 */
public final class IllegalAgentTransition extends RuntimeException {

    private final AgentId agent;
    private final String from;
    private final String action;

    public IllegalAgentTransition(AgentId agent, AgentState from, String action) {
        super("agent " + agent + " cannot " + action + " while " + from.code());
        this.agent = agent;
        this.from = from.code();
        this.action = action;
    }

    public AgentId agent() {
        return agent;
    }

    /** The state code the agent was in. */
    public String from() {
        return from;
    }

    public String action() {
        return action;
    }
}

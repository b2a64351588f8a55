package cn.hotline.call.acd.domain;

/**
 * Where an agent sends its caller inside the ACD: to one agent, or to a skill group's queue. Numbers outside (a
 * mobile, another city's 12345) are not the ACD's business.
 */
public record TransferTarget(Kind kind, String value) {

    public enum Kind {
        AGENT,
        GROUP
    }

    public TransferTarget {
        if (kind == null) {
            throw new IllegalArgumentException("a transfer target needs a kind (agent or group)");
        }
        if (kind == Kind.AGENT) {
            value = AgentId.of(value).value();
        } else {
            value = SkillId.of(value).value();
        }
    }

    public static TransferTarget agent(AgentId agent) {
        return new TransferTarget(Kind.AGENT, agent.value());
    }

    public static TransferTarget group(SkillId group) {
        return new TransferTarget(Kind.GROUP, group.value());
    }

    /** The kind as the wire and the call events spell it: {@code agent} or {@code group}. */
    public String kindName() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code agent a2}, {@code group support}: how a decision's detail stores it. */
    @Override
    public String toString() {
        return kindName() + " " + value;
    }
}

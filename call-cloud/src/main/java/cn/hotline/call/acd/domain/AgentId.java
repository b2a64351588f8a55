package cn.hotline.call.acd.domain;

import java.util.regex.Pattern;

/** An agent (seat account) of one tenant, as the tenant's user id or seat number. */
public record AgentId(String value) implements Comparable<AgentId> {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public AgentId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("agent id '" + value + "' is invalid: 1-64 of A-Z a-z 0-9 . _ -");
        }
    }

    public static AgentId of(String value) {
        return new AgentId(value);
    }

    @Override
    public int compareTo(AgentId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}

package cn.hotline.call.acd.domain;

import java.util.regex.Pattern;

/** A skill, and the skill group (queue) of the agents who have it: {@code general}, {@code yibao-region-3}. */
public record SkillId(String value) implements Comparable<SkillId> {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,47}");

    public SkillId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("skill id '" + value + "' is invalid: 1-48 of a-z 0-9 _ -");
        }
    }

    public static SkillId of(String value) {
        return new SkillId(value);
    }

    @Override
    public int compareTo(SkillId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}

package cn.hotline.call.acd.domain;

/** A skill an agent has, with a level from 1 (learning) to 10 (expert); higher levels win ties. */
public record AgentSkill(SkillId skill, int level) {

    public static final int MIN_LEVEL = 1;
    public static final int MAX_LEVEL = 10;

    public AgentSkill {
        if (skill == null) {
            throw new IllegalArgumentException("an agent skill needs a skill");
        }
        if (level < MIN_LEVEL || level > MAX_LEVEL) {
            throw new IllegalArgumentException("skill level " + level + " is outside 1..10");
        }
    }

    public static AgentSkill of(String skill, int level) {
        return new AgentSkill(SkillId.of(skill), level);
    }
}

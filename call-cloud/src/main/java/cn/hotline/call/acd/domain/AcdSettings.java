package cn.hotline.call.acd.domain;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How one tenant's ACD behaves.
 *
 * @param ringTimeout how long an offered call rings before it goes to the next agent
 * @param afterCallWork wrap-up time after each call before the agent is ready again by itself; zero for none
 * @param maxQueueLength calls a skill group may hold waiting before new ones are rejected
 * @param overflow per skill group, the other groups whose agents may also take its calls after a wait
 */
public record AcdSettings(
        Duration ringTimeout, Duration afterCallWork, int maxQueueLength, Map<SkillId, List<Overflow>> overflow) {

    /** After {@code after} in its queue, a call may also be offered to agents of group {@code to}. */
    public record Overflow(SkillId to, Duration after) {
        public Overflow {
            if (to == null || after == null || after.isNegative()) {
                throw new IllegalArgumentException("an overflow needs a target group and a wait of zero or more");
            }
        }
    }

    public AcdSettings {
        if (ringTimeout == null || ringTimeout.isNegative() || ringTimeout.isZero()) {
            throw new IllegalArgumentException("ring timeout must be positive");
        }
        if (afterCallWork == null || afterCallWork.isNegative()) {
            throw new IllegalArgumentException("after-call work must be zero or more");
        }
        if (maxQueueLength < 1) {
            throw new IllegalArgumentException("max queue length must be at least 1");
        }
        overflow.forEach((from, rules) -> rules.forEach(rule -> {
            if (rule.to().equals(from)) {
                throw new IllegalArgumentException("group " + from + " cannot overflow to itself");
            }
        }));
        var copied = new java.util.HashMap<SkillId, List<Overflow>>();
        overflow.forEach((from, rules) -> copied.put(from, List.copyOf(rules)));
        overflow = Map.copyOf(copied);
    }

    public static AcdSettings defaults() {
        return new AcdSettings(Duration.ofSeconds(15), Duration.ofSeconds(30), 500, Map.of());
    }

    public AcdSettings withOverflow(SkillId from, Overflow... rules) {
        var copy = new java.util.HashMap<>(overflow);
        copy.put(from, List.of(rules));
        return new AcdSettings(ringTimeout, afterCallWork, maxQueueLength, copy);
    }

    public AcdSettings withAfterCallWork(Duration wrapUp) {
        return new AcdSettings(ringTimeout, wrapUp, maxQueueLength, overflow);
    }

    public AcdSettings withRingTimeout(Duration ring) {
        return new AcdSettings(ring, afterCallWork, maxQueueLength, overflow);
    }

    public AcdSettings withMaxQueueLength(int max) {
        return new AcdSettings(ringTimeout, afterCallWork, max, overflow);
    }

    public List<Overflow> overflowOf(SkillId group) {
        return overflow.getOrDefault(group, List.of());
    }
}

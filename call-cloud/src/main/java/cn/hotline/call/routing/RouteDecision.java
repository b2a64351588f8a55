package cn.hotline.call.routing;

import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.call.ivr.IvrSession;
import cn.hotline.call.ivr.IvrVersion;
import cn.hotline.call.ivr.TenantCalendar;
import java.time.Clock;
import java.util.List;

/** What to do with a call, and which rule said so and why. */
public sealed interface RouteDecision {

    Matched matched();

    /** The rule that decided ({@code default} when none matched) and the reasons, for people and the simulator. */
    record Matched(String rule, List<String> why) {
        public Matched {
            why = List.copyOf(why);
        }
    }

    /** Run this IVR version; when it ends in a queue without a group, ask {@link CallRouter#afterIvr}. */
    record RunIvr(IvrVersion version, TenantCalendar calendar, Matched matched) implements RouteDecision {
        /** A new session of the version (the call keeps it to the end). */
        public IvrSession session(Clock clock) {
            return IvrSession.of(version, calendar, clock);
        }
    }

    /** Queue the call to this skill group with this priority (higher is served first). */
    record Queue(SkillId group, int priority, Matched matched) implements RouteDecision {}

    /** Let the caller leave a voicemail. */
    record Voicemail(Matched matched) implements RouteDecision {}

    /** Refuse the call (blacklist, closed line); the SIP side answers with an announcement or a SIP error. */
    record Reject(String reason, Matched matched) implements RouteDecision {}
}

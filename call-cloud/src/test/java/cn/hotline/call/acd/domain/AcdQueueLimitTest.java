package cn.hotline.call.acd.domain;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.support.MutableClock;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tenant's wait limit in the ACD: a waiting call leaves for voicemail, or keeps its place for a callback. */
class AcdQueueLimitTest {

    private static final SkillId GENERAL = SkillId.of("general");

    private final MutableClock clock = MutableClock.atNoon();
    private final Acd acd = new Acd(TenantId.of("shushan"), clock, AcdSettings.defaults());

    private AgentId signedIn(String name) {
        AgentId id = AgentId.of(name);
        acd.enrol(id, List.of(new AgentSkill(GENERAL, 5)));
        acd.signIn(id);
        return id;
    }

    @Test
    void aCallLeavingForVoicemailIsOutOfTheQueueAndIsNoAbandon() {
        AgentId agent = signedIn("a");
        CallId call = CallId.random();
        acd.arrive(call, GENERAL, 0);
        acd.drainEvents();

        assertThat(acd.leaveQueue(call, Acd.LeaveReason.VOICEMAIL)).isTrue();

        assertThat(acd.waiting(GENERAL)).isZero();
        assertThat(acd.call(call)).isEmpty();
        assertThat(acd.ready(agent))
                .as("nothing is offered: the caller is leaving a message")
                .isEmpty();
        List<AcdEvent> events = acd.drainEvents();
        assertThat(events)
                .filteredOn(AcdEvent.CallLeftQueue.class::isInstance)
                .singleElement()
                .isEqualTo(new AcdEvent.CallLeftQueue(call, "VOICEMAIL", clock.instant()));
        assertThat(events).noneMatch(AcdEvent.CallAbandoned.class::isInstance);
    }

    @Test
    void aKeptCallbackKeepsItsPlaceAheadOfCallsThatCameLater() {
        AgentId agent = signedIn("a");
        CallId kept = CallId.random();
        CallId later = CallId.random();
        acd.arrive(kept, GENERAL, 0);
        clock.advance(Duration.ofSeconds(5));
        acd.arrive(later, GENERAL, 0);
        clock.advance(Duration.ofSeconds(25));

        assertThat(acd.leaveQueue(kept, Acd.LeaveReason.CALLBACK)).isTrue();

        assertThat(acd.waiting(GENERAL)).isEqualTo(2);
        assertThat(acd.position(kept))
                .get()
                .extracting(Acd.QueuePosition::position)
                .isEqualTo(1);
        assertThat(acd.ready(agent))
                .as("the first free agent gets the kept callback, which came first")
                .get()
                .extracting(CallRouting.Offered::call)
                .isEqualTo(kept);
        assertThat(acd.drainEvents()).contains(new AcdEvent.CallLeftQueue(kept, "CALLBACK", clock.instant()));
    }

    @Test
    void aReleasedKeptCallbackLeavesTheQueueAndTheNextCallerMovesUp() {
        AgentId agent = signedIn("a");
        CallId kept = CallId.random();
        CallId later = CallId.random();
        acd.arrive(kept, GENERAL, 0);
        acd.arrive(later, GENERAL, 0);
        acd.leaveQueue(kept, Acd.LeaveReason.CALLBACK);
        clock.advance(Duration.ofHours(2));
        acd.drainEvents();

        assertThat(acd.leaveQueue(kept, Acd.LeaveReason.RELEASED)).isTrue();

        assertThat(acd.call(kept)).isEmpty();
        assertThat(acd.position(later))
                .get()
                .extracting(Acd.QueuePosition::position)
                .isEqualTo(1);
        assertThat(acd.drainEvents()).containsExactly(new AcdEvent.CallLeftQueue(kept, "RELEASED", clock.instant()));
        assertThat(acd.ready(agent)).get().extracting(CallRouting.Offered::call).isEqualTo(later);
        assertThat(acd.leaveQueue(kept, Acd.LeaveReason.RELEASED)).as("once").isFalse();
    }

    @Test
    void aKeptCallbackStaysKeptThroughAChangeOfWriter() {
        CallId kept = CallId.random();
        CallId waiting = CallId.random();
        acd.arrive(kept, GENERAL, 0);
        clock.advance(Duration.ofSeconds(5));
        acd.arrive(waiting, GENERAL, 0);
        acd.leaveQueue(kept, Acd.LeaveReason.CALLBACK);
        assertThat(acd.call(kept)).get().extracting(CallSnapshot::kept).isEqualTo(true);
        assertThat(acd.call(waiting)).get().extracting(CallSnapshot::kept).isEqualTo(false);

        Acd restored = Acd.restore(TenantId.of("xuzhou-yb"), clock, AcdSettings.defaults(), List.of(), acd.calls());

        assertThat(restored.call(kept)).get().extracting(CallSnapshot::kept).isEqualTo(true);
        assertThat(restored.call(waiting)).get().extracting(CallSnapshot::kept).isEqualTo(false);
        assertThat(restored.position(kept))
                .get()
                .extracting(Acd.QueuePosition::position)
                .isEqualTo(1);
    }

    @Test
    void aKeptCallbackIsAnsweredAndEndedLikeAnyCall() {
        AgentId agent = signedIn("a");
        CallId kept = CallId.random();
        acd.arrive(kept, GENERAL, 0);
        acd.leaveQueue(kept, Acd.LeaveReason.CALLBACK);
        acd.ready(agent);

        acd.answer(agent, kept);
        assertThat(acd.agent(agent).orElseThrow().state()).isEqualTo(new AgentState.Talking(kept));
        acd.hangUp(kept);

        assertThat(acd.agent(agent).orElseThrow().state()).isInstanceOf(AgentState.AfterCallWork.class);
        assertThat(acd.call(kept)).isEmpty();
    }

    @Test
    void theLimitLeavesACallRingingAtAnAgentAlone() {
        AgentId agent = signedIn("a");
        acd.ready(agent);
        CallId call = CallId.random();
        acd.arrive(call, GENERAL, 0);
        acd.drainEvents();

        assertThat(acd.leaveQueue(call, Acd.LeaveReason.VOICEMAIL)).isFalse();
        assertThat(acd.leaveQueue(call, Acd.LeaveReason.CALLBACK)).isFalse();
        assertThat(acd.leaveQueue(CallId.random(), Acd.LeaveReason.CALLBACK)).isFalse();

        assertThat(acd.agent(agent).orElseThrow().state()).isInstanceOf(AgentState.Offered.class);
        assertThat(acd.drainEvents()).isEmpty();
    }
}

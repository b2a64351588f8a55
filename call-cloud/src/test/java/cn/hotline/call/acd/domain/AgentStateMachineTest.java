package cn.hotline.call.acd.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline.call.support.MutableClock;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentStateMachineTest {

    private final MutableClock clock = MutableClock.atNoon();
    private final Acd acd = new Acd(TenantId.of("nanning"), clock, AcdSettings.defaults());
    private final AgentId alice = AgentId.of("alice");
    private final SkillId general = SkillId.of("general");

    AgentStateMachineTest() {
        acd.enrol(alice, List.of(new AgentSkill(general, 5)));
        assertThat(acd.drainEvents()).singleElement().isInstanceOf(AcdEvent.AgentEnrolled.class);
    }

    @Test
    void signsInAsNotReadyAndStampsEveryChange() {
        clock.advance(Duration.ofSeconds(7));
        acd.signIn(alice);
        Agent agent = acd.agent(alice).orElseThrow();
        assertThat(agent.state()).isEqualTo(new AgentState.NotReady(Agent.SIGNED_IN));
        assertThat(agent.stateSince()).isEqualTo(clock.instant());
        assertThat(acd.drainEvents())
                .containsExactly(new AcdEvent.AgentStateChanged(
                        alice, "LOGGED_OUT", new AgentState.NotReady(Agent.SIGNED_IN), clock.instant()));
    }

    @Test
    void refusesToBecomeReadyWhileLoggedOut() {
        assertThatThrownBy(() -> acd.ready(alice))
                .isInstanceOf(IllegalAgentTransition.class)
                .hasMessageContaining("LOGGED_OUT")
                .extracting(e -> ((IllegalAgentTransition) e).from())
                .isEqualTo("LOGGED_OUT");
    }

    @Test
    void refusesToAnswerACallThatIsNotRingingAtTheAgent() {
        acd.signIn(alice);
        acd.ready(alice);
        assertThatThrownBy(() -> acd.answer(alice, CallId.random()))
                .isInstanceOf(IllegalAgentTransition.class)
                .hasMessageContaining("READY");
        assertThat(acd.agent(alice).orElseThrow().state()).isEqualTo(AgentState.READY);
    }

    @Test
    void refusesToSignOutWhileTalking() {
        acd.signIn(alice);
        acd.ready(alice);
        CallId call = CallId.random();
        acd.arrive(call, general, 0);
        acd.answer(alice, call);
        assertThatThrownBy(() -> acd.signOut(alice)).isInstanceOf(IllegalAgentTransition.class);
        assertThat(acd.agent(alice).orElseThrow().state()).isEqualTo(new AgentState.Talking(call));
    }

    @Test
    void goesThroughHoldAndAfterCallWorkToReadyByItself() {
        acd.signIn(alice);
        acd.ready(alice);
        CallId call = CallId.random();
        acd.arrive(call, general, 0);
        acd.answer(alice, call);
        acd.hold(alice, call);
        assertThat(acd.agent(alice).orElseThrow().state()).isEqualTo(new AgentState.OnHold(call));
        assertThatThrownBy(() -> acd.hold(alice, call)).isInstanceOf(IllegalAgentTransition.class);
        acd.retrieve(alice, call);
        clock.advance(Duration.ofSeconds(100));
        acd.hangUp(call);
        Agent agent = acd.agent(alice).orElseThrow();
        assertThat(agent.state())
                .isEqualTo(new AgentState.AfterCallWork(call, clock.instant().plusSeconds(30)));

        clock.advance(Duration.ofSeconds(29));
        assertThat(acd.tick()).isEmpty();
        assertThat(agent.state()).isInstanceOf(AgentState.AfterCallWork.class);
        clock.advance(Duration.ofSeconds(1));
        acd.tick();
        assertThat(agent.state()).isEqualTo(AgentState.READY);
        assertThat(agent.stateSince()).isEqualTo(clock.instant());
        assertThat(agent.idleSince()).isEqualTo(clock.instant());
    }

    @Test
    void anAgentWhoEndsWrapUpEarlyIsNotReadiedAgainByTheOldTimer() {
        acd.signIn(alice);
        acd.ready(alice);
        CallId call = CallId.random();
        acd.arrive(call, general, 0);
        acd.answer(alice, call);
        acd.hangUp(call);
        acd.notReady(alice, "LUNCH");
        clock.advance(Duration.ofMinutes(5));
        acd.tick();
        assertThat(acd.agent(alice).orElseThrow().state()).isEqualTo(new AgentState.NotReady("LUNCH"));
    }

    @Test
    void notReadyReasonMustBeGiven() {
        acd.signIn(alice);
        assertThatThrownBy(() -> acd.notReady(alice, " ")).isInstanceOf(IllegalArgumentException.class);
    }
}

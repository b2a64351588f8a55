package cn.hotline.call.acd.domain;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.call.support.MutableClock;
import cn.hotline.kernel.id.CallId;
import cn.hotline.kernel.id.TenantId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AcdTest {

    private static final SkillId GENERAL = SkillId.of("general");
    private static final SkillId YIBAO = SkillId.of("yibao");

    private final MutableClock clock = MutableClock.atNoon();
    private Acd acd = new Acd(TenantId.of("nanning"), clock, AcdSettings.defaults());

    private AgentId readyAgent(String name, AgentSkill... skills) {
        AgentId id = AgentId.of(name);
        acd.enrol(id, List.of(skills));
        acd.signIn(id);
        acd.ready(id);
        return id;
    }

    private AgentState stateOf(AgentId id) {
        return acd.agent(id).orElseThrow().state();
    }

    @Test
    void offersACallToTheReadyAgentWhoHasBeenIdleLongest() {
        AgentId first = readyAgent("first", new AgentSkill(GENERAL, 1));
        clock.advance(Duration.ofSeconds(1));
        readyAgent("second", new AgentSkill(GENERAL, 9));
        CallId call = CallId.random();

        CallRouting routing = acd.arrive(call, GENERAL, 0);

        assertThat(routing).isInstanceOfSatisfying(CallRouting.Offered.class, offered -> {
            assertThat(offered.agent()).isEqualTo(first);
            assertThat(offered.ringDeadline()).isEqualTo(clock.instant().plusSeconds(15));
        });
        assertThat(stateOf(first))
                .isEqualTo(new AgentState.Offered(call, clock.instant().plusSeconds(15)));
    }

    @Test
    void breaksATieInIdleTimeByTheHigherSkillLevel() {
        readyAgent("low", new AgentSkill(GENERAL, 3));
        AgentId high = readyAgent("high", new AgentSkill(GENERAL, 8));

        CallRouting routing = acd.arrive(CallId.random(), GENERAL, 0);

        assertThat(((CallRouting.Offered) routing).agent()).isEqualTo(high);
    }

    @Test
    void neverOffersToAnAgentWithoutTheSkill() {
        readyAgent("yibao-only", new AgentSkill(YIBAO, 10));

        CallRouting routing = acd.arrive(CallId.random(), GENERAL, 0);

        assertThat(routing).isInstanceOf(CallRouting.Queued.class);
        assertThat(acd.waiting(GENERAL)).isEqualTo(1);
    }

    @Test
    void queuesWhenNobodyIsReadyAndOffersTheCallWhenAnAgentBecomesReady() {
        AgentId agent = AgentId.of("late");
        acd.enrol(agent, List.of(new AgentSkill(GENERAL, 5)));
        acd.signIn(agent);
        CallId call = CallId.random();

        assertThat(acd.arrive(call, GENERAL, 0)).isEqualTo(new CallRouting.Queued(call, GENERAL, 1));
        Optional<CallRouting.Offered> offered = acd.ready(agent);

        assertThat(offered).get().extracting(CallRouting.Offered::call).isEqualTo(call);
        assertThat(acd.waiting(GENERAL)).isZero();
    }

    @Test
    void servesHigherPriorityFirstThenTheLongestWaiting() {
        AgentId agent = AgentId.of("solo");
        acd.enrol(agent, List.of(new AgentSkill(GENERAL, 5), new AgentSkill(YIBAO, 5)));
        acd.signIn(agent);
        CallId old = CallId.random();
        CallId newer = CallId.random();
        CallId vip = CallId.random();
        acd.arrive(old, GENERAL, 0);
        clock.advance(Duration.ofSeconds(1));
        acd.arrive(newer, YIBAO, 0);
        clock.advance(Duration.ofSeconds(1));
        acd.arrive(vip, YIBAO, 5);

        assertThat(acd.ready(agent)).get().extracting(CallRouting.Offered::call).isEqualTo(vip);
        acd.answer(agent, vip);
        assertThat(acd.hangUp(vip)).isEmpty();
        acd.ready(agent);
        assertThat(stateOf(agent)).isInstanceOfSatisfying(AgentState.Offered.class, o -> assertThat(o.call())
                .isEqualTo(old));
    }

    @Test
    void offersAnUnansweredCallToTheNextAgentAfterTheRingTimeout() {
        AgentId sleepy = readyAgent("sleepy", new AgentSkill(GENERAL, 5));
        clock.advance(Duration.ofSeconds(1));
        AgentId next = readyAgent("next", new AgentSkill(GENERAL, 5));
        CallId call = CallId.random();
        acd.arrive(call, GENERAL, 0);

        clock.advance(Duration.ofSeconds(14));
        assertThat(acd.tick()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        List<CallRouting.Offered> offers = acd.tick();

        assertThat(offers).extracting(CallRouting.Offered::agent).containsExactly(next);
        assertThat(stateOf(sleepy)).isEqualTo(new AgentState.NotReady(Agent.RING_NO_ANSWER));
        assertThat(acd.drainEvents()).contains(new AcdEvent.CallRingTimedOut(call, sleepy, clock.instant()));
    }

    @Test
    void putsAnUnansweredCallBackAtItsOldPlaceWhenNobodyElseIsReady() {
        AgentId sleepy = readyAgent("sleepy", new AgentSkill(GENERAL, 5));
        CallId first = CallId.random();
        CallId second = CallId.random();
        acd.arrive(first, GENERAL, 0);
        clock.advance(Duration.ofSeconds(5));
        acd.arrive(second, GENERAL, 0);
        clock.advance(Duration.ofSeconds(10));
        acd.tick();

        assertThat(acd.waiting(GENERAL)).isEqualTo(2);
        acd.ready(sleepy);
        assertThat(stateOf(sleepy)).isInstanceOfSatisfying(AgentState.Offered.class, o -> assertThat(o.call())
                .isEqualTo(first));
    }

    @Test
    void overflowsAWaitingCallToAnotherGroupAfterTheConfiguredWait() {
        acd = new Acd(
                TenantId.of("nanning"),
                clock,
                AcdSettings.defaults().withOverflow(YIBAO, new AcdSettings.Overflow(GENERAL, Duration.ofSeconds(30))));
        AgentId generalist = readyAgent("generalist", new AgentSkill(GENERAL, 5));
        CallId call = CallId.random();
        assertThat(acd.arrive(call, YIBAO, 0)).isInstanceOf(CallRouting.Queued.class);

        clock.advance(Duration.ofSeconds(29));
        assertThat(acd.tick()).isEmpty();
        clock.advance(Duration.ofSeconds(1));

        assertThat(acd.tick())
                .containsExactly(new CallRouting.Offered(
                        call,
                        generalist,
                        GENERAL,
                        clock.instant(),
                        clock.instant().plusSeconds(15)));
        assertThat(acd.waiting(YIBAO)).isZero();
    }

    @Test
    void anOverflowedCallStillGoesToItsOwnGroupWhenThatFreesFirst() {
        acd = new Acd(
                TenantId.of("nanning"),
                clock,
                AcdSettings.defaults().withOverflow(YIBAO, new AcdSettings.Overflow(GENERAL, Duration.ofSeconds(30))));
        CallId call = CallId.random();
        acd.arrive(call, YIBAO, 0);
        clock.advance(Duration.ofSeconds(30));
        acd.tick();
        assertThat(acd.waiting(GENERAL)).isEqualTo(1);

        AgentId specialist = readyAgent("specialist", new AgentSkill(YIBAO, 5));

        assertThat(stateOf(specialist)).isInstanceOf(AgentState.Offered.class);
        assertThat(acd.waiting(GENERAL)).isZero();
        assertThat(acd.waiting(YIBAO)).isZero();
    }

    @Test
    void anAbandonedCallLeavesTheQueue() {
        CallId call = CallId.random();
        acd.arrive(call, GENERAL, 0);

        acd.abandon(call);

        assertThat(acd.waiting(GENERAL)).isZero();
        assertThat(acd.call(call)).isEmpty();
        assertThat(acd.drainEvents()).contains(new AcdEvent.CallAbandoned(call, clock.instant()));
    }

    @Test
    void aCallerWhoHangsUpWhileRingingFreesTheAgentForTheNextCall() {
        AgentId agent = readyAgent("agent", new AgentSkill(GENERAL, 5));
        CallId ringing = CallId.random();
        CallId waiting = CallId.random();
        acd.arrive(ringing, GENERAL, 0);
        acd.arrive(waiting, GENERAL, 0);

        Optional<CallRouting.Offered> next = acd.abandon(ringing);

        assertThat(next).get().extracting(CallRouting.Offered::call).isEqualTo(waiting);
        clock.advance(Duration.ofSeconds(15));
        acd.tick();
        assertThat(stateOf(agent)).isEqualTo(new AgentState.NotReady(Agent.RING_NO_ANSWER));
    }

    @Test
    void rejectsACallWhenItsQueueIsFull() {
        acd = new Acd(TenantId.of("nanning"), clock, AcdSettings.defaults().withMaxQueueLength(2));
        acd.arrive(CallId.random(), GENERAL, 0);
        acd.arrive(CallId.random(), GENERAL, 0);
        CallId third = CallId.random();

        assertThat(acd.arrive(third, GENERAL, 0))
                .isEqualTo(new CallRouting.Rejected(third, GENERAL, CallRouting.Reason.QUEUE_FULL));
        assertThat(acd.call(third)).isEmpty();
    }

    @Test
    void rejectsTheSameCallArrivingTwice() {
        readyAgent("a", new AgentSkill(GENERAL, 5));
        readyAgent("b", new AgentSkill(GENERAL, 5));
        CallId call = CallId.random();
        acd.arrive(call, GENERAL, 0);

        assertThat(acd.arrive(call, GENERAL, 0))
                .isEqualTo(new CallRouting.Rejected(call, GENERAL, CallRouting.Reason.DUPLICATE_CALL));
        assertThat(acd.readyAgents(GENERAL)).isEqualTo(1);
    }

    @Test
    void restoresWaitingCallsAndAgentsAndReoffersACallThatWasRinging() {
        AgentId talking = readyAgent("talking", new AgentSkill(GENERAL, 5));
        AgentId ringing = readyAgent("ringing", new AgentSkill(GENERAL, 5));
        CallId connected = CallId.random();
        CallId offered = CallId.random();
        CallId queued = CallId.random();
        acd.arrive(connected, GENERAL, 0);
        acd.answer(talking, connected);
        acd.arrive(offered, GENERAL, 0);
        clock.advance(Duration.ofSeconds(1));
        acd.arrive(queued, GENERAL, 0);
        List<Acd.AgentSnapshot> agents =
                acd.agents().stream().map(Acd.AgentSnapshot::of).toList();
        List<CallSnapshot> calls = acd.calls();

        Acd restored = Acd.restore(TenantId.of("nanning"), clock, AcdSettings.defaults(), agents, calls);

        assertThat(restored.agent(talking).orElseThrow().state()).isEqualTo(new AgentState.Talking(connected));
        assertThat(restored.agent(ringing).orElseThrow().state())
                .isInstanceOfSatisfying(
                        AgentState.Offered.class, o -> assertThat(o.call()).isEqualTo(offered));
        assertThat(restored.call(queued).orElseThrow().status()).isEqualTo(CallSnapshot.Status.WAITING);
        assertThat(restored.waiting(GENERAL)).isEqualTo(1);
        restored.hangUp(connected);
        assertThat(restored.agent(talking).orElseThrow().state()).isInstanceOf(AgentState.AfterCallWork.class);
    }

    @Test
    void aWaitingCallKnowsItsPlaceAndAnEstimateFromTheGroupsRecentHandleTime() {
        AgentId agent = readyAgent("1001", new AgentSkill(GENERAL, 5));
        CallId talking = CallId.random();
        acd.arrive(talking, GENERAL, 0);
        acd.answer(agent, talking);
        CallId first = CallId.random();
        CallId second = CallId.random();
        CallId vip = CallId.random();
        acd.arrive(first, GENERAL, 0);
        acd.arrive(second, GENERAL, 0);
        acd.arrive(vip, GENERAL, 5); // higher priority goes first

        assertThat(acd.position(vip).orElseThrow().position()).isEqualTo(1);
        Acd.QueuePosition place = acd.position(second).orElseThrow();
        assertThat(place.position()).isEqualTo(3);
        // No call of the group has ended yet: 240 s each, one signed-in agent.
        assertThat(place.estimatedWait()).isEqualTo(Duration.ofSeconds(3 * 240));
        assertThat(acd.position(talking)).isEmpty();

        clock.advance(Duration.ofSeconds(100));
        acd.hangUp(talking); // 240 * 0.9 + 100 * 0.1 = 226 s from now on; the agent wraps up, nobody moved
        assertThat(acd.position(second).orElseThrow().estimatedWait()).isEqualTo(Duration.ofSeconds(3 * 226));
        assertThat(acd.position(CallId.random())).isEmpty();
    }

    @Test
    void withNobodySignedInForTheGroupThereIsNoEstimate() {
        CallId call = CallId.random();
        acd.arrive(call, YIBAO, 0);
        assertThat(acd.position(call).orElseThrow().estimatedWait()).isNull();
    }
}
